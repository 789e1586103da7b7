import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import { ADMIN } from "./config.js";

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

/** Registers a new customer and returns headers that authenticate as it. */
export async function signUp(app: FastifyInstance): Promise<Record<string, string>> {
  const response = await app.inject({
    method: "POST",
    url: "/auth/register",
    payload: { name: "Ada", email: uniqueEmail(), password: PASSWORD },
  });
  expect(response.statusCode, response.body).toBe(201);
  return bearer(response.json().token);
}

/** Headers of the first admin (created at start-up from the test settings). */
export async function asAdmin(app: FastifyInstance): Promise<Record<string, string>> {
  const response = await app.inject({ method: "POST", url: "/auth/login", payload: ADMIN });
  expect(response.statusCode, response.body).toBe(200);
  return bearer(response.json().token);
}

let skus = 0;

/** A new product, made by the admin. */
export async function addProduct(
  app: FastifyInstance,
  admin: Record<string, string>,
  fields: Record<string, unknown> = {},
) {
  skus += 1;
  const response = await app.inject({
    method: "POST",
    url: "/products",
    headers: admin,
    payload: {
      sku: `SKU-${skus}-${Date.now()}`,
      name: "Mug",
      priceCents: 1250,
      stock: 10,
      ...fields,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}
