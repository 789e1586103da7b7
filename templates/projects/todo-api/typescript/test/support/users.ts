import type { FastifyInstance } from "fastify";
import { expect } from "vitest";

export { expectProblem } from "./problems.js";

export const PASSWORD = "correct horse battery staple";

let counter = 0;

export function uniqueEmail(prefix = "user"): string {
  counter += 1;
  return `${prefix}-${counter}-${Date.now()}@example.com`;
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** Registers a new account and returns headers that authenticate as it. */
export async function signUp(
  app: FastifyInstance,
  email = uniqueEmail(),
): Promise<Record<string, string>> {
  const response = await app.inject({
    method: "POST",
    url: "/register",
    payload: { name: "Ada", email, password: PASSWORD },
  });
  expect(response.statusCode, response.body).toBe(201);
  return bearer(response.json().token);
}
