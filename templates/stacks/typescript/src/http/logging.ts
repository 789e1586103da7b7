import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { type DestinationStream, type Logger, pino } from "pino";

/**
 * Never written to a log, wherever they appear in a logged object: the
 * credentials a request carries and the secrets a body or a result holds.
 */
export const REDACTED = [
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
  "headers.authorization",
  "headers.cookie",
  "password",
  "*.password",
  "*.newPassword",
  "token",
  "*.token",
  "*.accessToken",
  "*.refreshToken",
  "*.access_token",
  "*.refresh_token",
  "*.secret",
];

/**
 * JSON lines on stdout (or `destination`): `level` as a word, `time` in
 * RFC 3339, and every line logged while serving a request carries its
 * `request_id` (Fastify's `requestIdLogLabel`).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED, censor: "[redacted]" },
    },
    destination,
  );
}

/**
 * One line per finished request, in place of Fastify's two: the path without
 * its query string (which may hold a token), the status and the duration.
 */
export const requestLog = fp(
  async (app: FastifyInstance) => {
    app.addHook("onResponse", async (request, reply) => {
      request.log.info(
        {
          method: request.method,
          path: request.url.split("?")[0],
          status: reply.statusCode,
          duration_ms: Math.round(reply.elapsedTime * 1000) / 1000,
        },
        "request completed",
      );
    });
  },
  { name: "request-log" },
);
