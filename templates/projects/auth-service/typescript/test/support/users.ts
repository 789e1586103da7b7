import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import { ADMIN_EMAIL, PASSWORD } from "./config.js";

export { expectProblem, fieldsOf as fields } from "./problems.js";

export interface User {
  id: number;
  email: string;
  name: string;
  role: string;
  createdAt: string;
}

interface Token {
  token: string;
  expiresAt: string;
}

/** What register and login answer: `{user, tokens}`; refresh answers `{tokens}` alone. */
export interface Answer {
  user: User;
  tokens: { access: Token; refresh: Token };
}

export const RFC3339_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export async function register(app: FastifyInstance, email: string, name = "Ada"): Promise<Answer> {
  const response = await app.inject({
    method: "POST",
    url: "/auth/register",
    payload: { email, password: PASSWORD, name },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

export async function login(app: FastifyInstance, email: string): Promise<Answer> {
  const response = await app.inject({
    method: "POST",
    url: "/auth/login",
    payload: { email, password: PASSWORD },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

export const loginAdmin = (app: FastifyInstance) => login(app, ADMIN_EMAIL);

export function refresh(app: FastifyInstance, token: string) {
  return app.inject({ method: "POST", url: "/auth/refresh", payload: { refreshToken: token } });
}

export function logout(app: FastifyInstance, token: string) {
  return app.inject({ method: "POST", url: "/auth/logout", payload: { refreshToken: token } });
}

/** The headers that authenticate with the access token of an answer. */
export function bearer(answer: Pick<Answer, "tokens">): Record<string, string> {
  return { authorization: `Bearer ${answer.tokens.access.token}` };
}

export function refreshToken(answer: Pick<Answer, "tokens">): string {
  return answer.tokens.refresh.token;
}
