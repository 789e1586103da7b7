import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { verifyToken } from "../auth/tokens.js";
import { unauthorized } from "../http/problems.js";

declare module "fastify" {
  interface FastifyInstance {
    /**
     * An `onRequest` hook for routes that need a user: `Authorization: Bearer
     * <token>` with a valid token of a user that still exists, or 401.
     */
    authenticate: (request: FastifyRequest) => Promise<void>;
  }
  interface FastifyRequest {
    /** The signed-in user, set by `app.authenticate`. */
    userId: number;
  }
}

async function authenticate(request: FastifyRequest): Promise<void> {
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

/**
 * `app.authenticate` and `request.userId` for the whole app; a resource's
 * plugin guards its routes with `addHook("onRequest", app.authenticate)`.
 */
export const authentication = fp(
  async (app: FastifyInstance) => {
    app.decorate("authenticate", authenticate);
    app.decorateRequest("userId", 0);
  },
  { name: "authentication", dependencies: ["config", "database"] },
);
