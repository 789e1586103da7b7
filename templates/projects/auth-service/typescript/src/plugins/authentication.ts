import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { userIdFromAccessToken } from "../auth/tokens.js";
import { forbidden, unauthorized } from "../http/problems.js";
import type { User } from "../schemas.js";
import { UserStore } from "../users/store.js";

declare module "fastify" {
  interface FastifyInstance {
    /**
     * An `onRequest` hook for routes that need a caller: `Authorization: Bearer
     * <access token>` with a valid token of a user that still exists, or 401.
     */
    authenticate: (request: FastifyRequest) => Promise<void>;
    /** An `onRequest` hook after `authenticate`, for what only admins may do: else 403. */
    requireAdmin: (request: FastifyRequest) => Promise<void>;
  }
  interface FastifyRequest {
    /** The caller, as the database has it now: set by `app.authenticate`. */
    user: User;
  }
}

// The caller's role is read from the database, not from the token: a demoted
// admin loses admin rights here at once, even while older tokens still say "admin".
async function authenticate(request: FastifyRequest): Promise<void> {
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

async function requireAdmin(request: FastifyRequest): Promise<void> {
  if (request.user.role !== "admin") {
    throw forbidden("only admins may do this");
  }
}

/**
 * `app.authenticate`, `app.requireAdmin` and `request.user` for the whole
 * app; a resource's plugin guards its routes with them.
 */
export const authentication = fp(
  async (app: FastifyInstance) => {
    app.decorate("authenticate", authenticate);
    app.decorate("requireAdmin", requireAdmin);
    app.decorateRequest("user", null as unknown as User);
  },
  { name: "authentication", dependencies: ["config", "database"] },
);
