import type { FastifyRequest } from "fastify";
import { unauthorized } from "../http/problems.js";
import { verifyToken } from "./tokens.js";

declare module "fastify" {
  interface FastifyRequest {
    userId: number;
  }
}

/**
 * A `preHandler` for routes that need a user: `Authorization: Bearer <token>`
 * with a valid token of a user that still exists, or 401.
 */
export async function authenticate(request: FastifyRequest): Promise<void> {
  const header = request.headers.authorization ?? "";
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
  if (!match?.[1]) {
    throw unauthorized("a bearer token is required");
  }
  const userId = await verifyToken(match[1], request.server.config.jwtSecret);
  if (userId === undefined) {
    throw unauthorized("the token is invalid or expired");
  }
  const user = await request.server.db
    .selectFrom("users")
    .select("id")
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user) {
    throw unauthorized("the token's user no longer exists");
  }
  request.userId = userId;
}
