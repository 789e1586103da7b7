import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { verifyToken } from "../auth/tokens.js";
import type { Author } from "../chat/hub.js";
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
    /** The signed-in user, set by `app.authenticate` (HTTP) or the /ws token check. */
    userId: number;
    username: string;
  }
}

/** The user a valid token was issued to, if the account still exists. */
export async function userFromToken(
  app: FastifyInstance,
  token: string,
): Promise<Author | undefined> {
  // Only ids from 1 to 2^53 − 1 come back: one no row can have is not looked up.
  const userId = await verifyToken(token, app.config.jwtSecret);
  if (userId === undefined) {
    return undefined;
  }
  return app.db
    .selectFrom("users")
    .select(["id", "username"])
    .where("id", "=", userId)
    .executeTakeFirst();
}

async function authenticate(request: FastifyRequest): Promise<void> {
  const header = request.headers.authorization ?? "";
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
  if (!match?.[1]) {
    throw unauthorized("a bearer token is required");
  }
  const user = await userFromToken(request.server, match[1]);
  if (!user) {
    throw unauthorized("the token is invalid or expired");
  }
  request.userId = user.id;
  request.username = user.username;
}

/**
 * `app.authenticate`, `request.userId` and `request.username` for the whole
 * app; the rooms' plugin guards its routes with the hook, /ws checks the
 * token of its query string with `userFromToken`.
 */
export const authentication = fp(
  async (app: FastifyInstance) => {
    app.decorate("authenticate", authenticate);
    app.decorateRequest("userId", 0);
    app.decorateRequest("username", "");
  },
  { name: "authentication", dependencies: ["config", "database"] },
);
