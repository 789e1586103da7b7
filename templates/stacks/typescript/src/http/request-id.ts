import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

export const REQUEST_ID_HEADER = "x-request-id";

// What a caller's id may look like to be kept: short, and safe in a log line or a header.
const WELL_FORMED = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Fastify's `genReqId`: the caller's `X-Request-Id` when it is well formed,
 * so one id follows a request through every service, otherwise a new UUID.
 * (Fastify's own `requestIdHeader` would take any value as it came.)
 */
export function requestId(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === "string" && WELL_FORMED.test(given) ? given : randomUUID();
}

/** Every response says which request it answers: errors, 404s and 429s included. */
export const echoRequestId = fp(
  async (app: FastifyInstance) => {
    app.addHook("onSend", async (request, reply) => {
      reply.header(REQUEST_ID_HEADER, request.id);
    });
  },
  { name: "request-id" },
);
