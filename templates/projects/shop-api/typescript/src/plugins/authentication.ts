/**
 * Who is calling: `Authorization: Bearer <jwt>`.
 *
 * The token only says who the caller is. Their account, and so their role, is
 * read from the database on every request: a demoted admin is refused at the
 * next request, and a deleted user's token stops working at once.
 */

import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { verifyToken } from "../auth/tokens.js";
import type { Role } from "../db/schema.js";
import { forbidden, unauthorized } from "../http/problems.js";

/** The signed-in user of a request, as the database has it now. */
export interface Caller {
  id: number;
  role: Role;
}

declare module "fastify" {
  interface FastifyInstance {
    /** An `onRequest` hook: a valid token of a user that still exists, or 401. */
    authenticate: (request: FastifyRequest) => Promise<void>;
    /** An `onRequest` hook for admin routes: 401 without a valid token, 403 for a customer. */
    authenticateAdmin: (request: FastifyRequest) => Promise<void>;
    /** An `onRequest` hook where a token is optional: a caller when there is a valid one. */
    identify: (request: FastifyRequest) => Promise<void>;
  }
  interface FastifyRequest {
    /** The caller, set by the hooks above; null without a (valid) token. */
    caller: Caller | null;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/** The caller a header names, or why not. */
async function callerOf(request: FastifyRequest): Promise<Caller | string> {
  const match = BEARER.exec(request.headers.authorization ?? "");
  if (!match?.[1]) {
    return "a bearer token is required";
  }
  const userId = await verifyToken(match[1], request.server.config.jwtSecret);
  if (userId === undefined) {
    return "the token is invalid or expired";
  }
  const user = await request.server.db
    .selectFrom("users")
    .select(["id", "role"])
    .where("id", "=", userId)
    .executeTakeFirst();
  return user ? { id: Number(user.id), role: user.role } : "the token's user no longer exists";
}

async function authenticate(request: FastifyRequest): Promise<void> {
  const caller = await callerOf(request);
  if (typeof caller === "string") {
    throw unauthorized(caller);
  }
  request.caller = caller;
}

async function authenticateAdmin(request: FastifyRequest): Promise<void> {
  await authenticate(request);
  if (request.caller?.role !== "admin") {
    throw forbidden("only an admin may do this");
  }
}

async function identify(request: FastifyRequest): Promise<void> {
  // Public routes answer everyone; a missing or bad token only means "not an admin".
  const caller = request.headers.authorization ? await callerOf(request) : null;
  request.caller = typeof caller === "string" ? null : caller;
}

/** The signed-in caller of a route guarded by `app.authenticate`. */
export function signedIn(request: FastifyRequest): Caller {
  if (!request.caller) {
    throw unauthorized("a bearer token is required");
  }
  return request.caller;
}

/**
 * `app.authenticate`, `app.authenticateAdmin`, `app.identify` and
 * `request.caller` for the whole app; a resource's plugin guards its routes
 * with `onRequest: app.authenticate`.
 */
export const authentication = fp(
  async (app: FastifyInstance) => {
    app.decorate("authenticate", authenticate);
    app.decorate("authenticateAdmin", authenticateAdmin);
    app.decorate("identify", identify);
    app.decorateRequest("caller", null);
  },
  { name: "authentication", dependencies: ["config", "database"] },
);
