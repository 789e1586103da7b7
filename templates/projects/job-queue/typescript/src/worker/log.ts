/** The worker's log: one line per event on stderr, as `<time> <LEVEL> <message>`. */

export type Log = (level: "info" | "warn" | "error", message: string) => void;

export const stderrLog: Log = (level, message) => {
  process.stderr.write(`${new Date().toISOString()} ${level.toUpperCase()} ${message}\n`);
};
