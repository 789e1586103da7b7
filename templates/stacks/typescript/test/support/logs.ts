import { Writable } from "node:stream";
import { createLogger } from "../../src/http/logging.js";

/** A logger writing into `lines`, one parsed JSON object per line. */
export function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      lines.splice(
        0,
        lines.length,
        ...text
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line)),
      );
      done();
    },
  });
  return { logger: createLogger("info", stream), lines, text: () => text };
}
