import type { DestinationStream } from "pino";
import { createLogger } from "../http/logging.js";

/** Where the worker reports what it does; tests pass one that records or drops the lines. */
export type Log = (level: "info" | "warn" | "error", message: string) => void;

/**
 * JSON lines on stdout (or `destination`), the same format as the server's
 * (see http/logging.ts), so one log pipeline reads both. LOG_LEVEL sets the threshold.
 */
export function jsonLog(
  level = process.env.LOG_LEVEL ?? "info",
  destination?: DestinationStream,
): Log {
  const logger = createLogger(level, destination).child({ process: "worker" });
  return (severity, message) => logger[severity](message);
}
