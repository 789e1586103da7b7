import type { FastifyRequest } from "fastify";
import { forbidden, unauthorized } from "../http/problems.js";
import type { User } from "../schemas.js";
import { UserStore } from "../users/store.js";
import { userIdFromAccessToken } from "./tokens.js";

declare module "fastify" {
  interface FastifyRequest {
    user: User;
  }
}

/**
 * An `onRequest` hook for routes that need a caller: `Authorization: Bearer
 * <access token>` with a valid token of a user that still exists, or 401.
 * The caller's role is read from the database, not from the token: a demoted
 * admin loses admin rights here at once, even while older tokens still say
 * "admin".
 */
export async function authenticate(request: FastifyRequest): Promise<void> {
  const { config, db } = request.server;
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(request.headers.authorization ?? "");
  const userId = match?.[1]
    ? await userIdFromAccessToken(match[1], config.signingKey, config.issuer)
    : undefined;
  const user = userId === undefined ? undefined : await new UserStore(db).find(userId);
  if (!user) {
    throw unauthorized("a valid bearer access token is required");
  }
  request.user = user;
}

/** An `onRequest` hook after `authenticate`, for what only admins may do. */
export async function requireAdmin(request: FastifyRequest): Promise<void> {
  if (request.user.role !== "admin") {
    throw forbidden("only admins may do this");
  }
}
