/**
 * Who is calling: RealWorld's `Authorization: Token <jwt>` (or `Bearer <jwt>`).
 *
 * The token only says who the caller is. Their account, and so their role, is
 * read from the database on every request: a role change holds at the next
 * request, for tokens issued before it too, and a deleted user's token stops
 * working at once.
 */

import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Selectable } from "kysely";
import { verifyToken } from "../auth/tokens.js";
import type { UsersTable } from "../db/schema.js";
import { forbidden } from "../http/problems.js";
import { unauthorized } from "./realworld.js";

export type Account = Selectable<UsersTable>;

/** The signed-in user of a request, as the database has it now, and the token it came with. */
export interface Caller {
  user: Account;
  token: string;
}

declare module "fastify" {
  interface FastifyInstance {
    /** An `onRequest` hook: a valid token of a user that still exists, or 401. */
    authenticate: (request: FastifyRequest) => Promise<void>;
    /** An `onRequest` hook for routes where a token is optional; a bad one is still a 401. */
    identify: (request: FastifyRequest) => Promise<void>;
    /** An `onRequest` hook for admin routes: 401 without a valid token, 403 for anyone but an admin. */
    authenticateAdmin: (request: FastifyRequest) => Promise<void>;
  }
  interface FastifyRequest {
    /** The caller, set by `app.identify` or `app.authenticate`; null without a token. */
    caller: Caller | null;
  }
}

const TOKEN = /^(?:token|bearer) ([A-Za-z0-9._~+/-]+=*)$/i;

async function identify(request: FastifyRequest): Promise<void> {
  const header = request.headers.authorization;
  if (header === undefined) {
    request.caller = null;
    return;
  }
  // A token that is not valid is a 401 even where none is needed, so a front
  // end learns that it should sign in again.
  const token = TOKEN.exec(header)?.[1];
  if (!token) {
    throw unauthorized("the Authorization header must be Token <jwt>");
  }
  const userId = await verifyToken(token, request.server.config.jwtSecret);
  const user =
    userId === undefined
      ? undefined
      : await request.server.db
          .selectFrom("users")
          .selectAll()
          .where("id", "=", userId)
          .executeTakeFirst();
  if (!user) {
    throw unauthorized("the token is invalid or expired");
  }
  request.caller = { user, token };
}

async function authenticate(request: FastifyRequest): Promise<void> {
  await identify(request);
  if (!request.caller) {
    throw unauthorized("a token is required: Authorization: Token <jwt>");
  }
}

async function authenticateAdmin(request: FastifyRequest): Promise<void> {
  await authenticate(request);
  if (request.caller?.user.role !== "admin") {
    throw forbidden("only an admin may do this");
  }
}

/** The signed-in caller of a route guarded by `app.authenticate`. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) {
    throw unauthorized("a token is required: Authorization: Token <jwt>");
  }
  return request.caller;
}

/** Whether the user may delete what others wrote. */
export const moderates = (user: Account) => user.role === "moderator" || user.role === "admin";

/**
 * `app.identify`, `app.authenticate`, `app.authenticateAdmin` and
 * `request.caller` for the whole app; a resource's plugin guards each route
 * with `onRequest: app.authenticate`.
 */
export const authentication = fp(
  async (app: FastifyInstance) => {
    app.decorate("identify", identify);
    app.decorate("authenticate", authenticate);
    app.decorate("authenticateAdmin", authenticateAdmin);
    app.decorateRequest("caller", null);
  },
  { name: "authentication", dependencies: ["config", "database"] },
);
