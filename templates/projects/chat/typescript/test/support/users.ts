import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import type { Room } from "../../src/schemas.js";

export { expectProblem, fieldsOf } from "./problems.js";

export const PASSWORD = "correct horse battery staple";

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** Creates an account and returns its token. */
export async function register(app: FastifyInstance, username: string): Promise<string> {
  const response = await app.inject({
    method: "POST",
    url: "/register",
    payload: { username, password: PASSWORD },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().token;
}

export async function createRoom(
  app: FastifyInstance,
  token: string,
  name = "general",
): Promise<Room> {
  const response = await app.inject({
    method: "POST",
    url: "/rooms",
    headers: bearer(token),
    payload: { name },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}
