import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import { expectProblem as expectAnyProblem } from "./problems.js";

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const RFC3339_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

// biome-ignore lint/suspicious/noExplicitAny: jobs are read as the JSON the API sent.
export type Json = Record<string, any>;

let counter = 0;

/** A queue name no other test uses. */
export function uniqueQueue(prefix = "q"): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

export function fromNow(seconds: number): string {
  return new Date(Date.now() + seconds * 1000).toISOString();
}

/** A problem answer (see support/problems.ts), read as the JSON it is. */
export function expectProblem(
  response: Parameters<typeof expectAnyProblem>[0],
  status: number,
): Json {
  return expectAnyProblem(response, status);
}

/** The `errors` of a 400, as [field, message] pairs. */
export function fieldErrors(response: Parameters<typeof expectProblem>[0]): [string, string][] {
  const body = expectProblem(response, 400);
  return (body.errors as { field: string; message: string }[]).map((e) => [e.field, e.message]);
}

export async function enqueue(
  app: FastifyInstance,
  queue: string,
  fields: Json = {},
  headers: Record<string, string> = {},
): Promise<Json> {
  const response = await app.inject({
    method: "POST",
    url: `/queues/${queue}/jobs`,
    payload: { type: "email.send", payload: { to: "ada@example.com" }, ...fields },
    headers,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

export async function lease(
  app: FastifyInstance,
  queue: string,
  fields: Json = {},
): Promise<Json[]> {
  const response = await app.inject({
    method: "POST",
    url: `/queues/${queue}/leases`,
    payload: { workerId: "test-worker", ...fields },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().jobs;
}

export async function getJob(app: FastifyInstance, id: string): Promise<Json> {
  const response = await app.inject({ method: "GET", url: `/jobs/${id}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** Heartbeat, ack or nack a leased job with its lease token (unless `fields` overrides it). */
export function settle(app: FastifyInstance, job: Json, action: string, fields: Json = {}) {
  return app.inject({
    method: "POST",
    url: `/jobs/${job.id}/${action}`,
    payload: { leaseToken: job.leaseToken, ...fields },
  });
}
