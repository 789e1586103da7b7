import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import { ADMIN_EMAIL, ADMIN_PASSWORD } from "./config.js";

export const PASSWORD = "correct horse battery staple";

let counter = 0;

export function uniqueName(prefix = "user"): string {
  counter += 1;
  return `${prefix}${counter}x${Date.now() % 100_000}`;
}

export interface Account {
  username: string;
  email: string;
  token: string;
  headers: Record<string, string>;
}

export const tokenHeaders = (token: string) => ({ authorization: `Token ${token}` });

/** Registers a new author and returns its name and the headers that authenticate as it. */
export async function register(app: FastifyInstance, prefix = "user"): Promise<Account> {
  const username = uniqueName(prefix);
  const email = `${username}@example.com`;
  const response = await app.inject({
    method: "POST",
    url: "/api/users",
    payload: { user: { username, email, password: PASSWORD } },
  });
  expect(response.statusCode, response.body).toBe(201);
  const { token } = response.json().user;
  return { username, email, token, headers: tokenHeaders(token) };
}

/** The first admin, which the app creates at start-up (test/support/config.ts). */
export async function loginAdmin(app: FastifyInstance): Promise<Account> {
  const response = await app.inject({
    method: "POST",
    url: "/api/users/login",
    payload: { user: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } },
  });
  expect(response.statusCode, response.body).toBe(200);
  const { token } = response.json().user;
  return { username: "admin", email: ADMIN_EMAIL, token, headers: tokenHeaders(token) };
}

/** `{"errors": {...}}` with `status`, RealWorld's shape for every failure; returns the errors. */
export function expectErrors(
  response: { statusCode: number; headers: Record<string, unknown>; body: string; json(): unknown },
  status: number,
  fields: string[] = [],
): Record<string, string[]> {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers["content-type"]).toMatch(/^application\/json/);
  const { errors } = response.json() as { errors: Record<string, string[]> };
  expect(Object.keys(errors).length).toBeGreaterThan(0);
  for (const field of fields) {
    expect(errors[field], response.body).toBeDefined();
  }
  return errors;
}

export async function publish(
  app: FastifyInstance,
  author: Account,
  article: Record<string, unknown> = {},
) {
  const response = await app.inject({
    method: "POST",
    url: "/api/articles",
    headers: author.headers,
    payload: {
      article: {
        title: "How to train your dragon",
        description: "Ever wonder how?",
        body: "You have to believe",
        ...article,
      },
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().article as { slug: string; favoritesCount: number; tagList: string[] };
}
