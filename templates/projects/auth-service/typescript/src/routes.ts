import rateLimit from "@fastify/rate-limit";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { Counter } from "prom-client";
import { Type } from "typebox";
import { authenticate, requireAdmin } from "./auth/authenticate.js";
import { hashPassword, verifyAgainstNothing, verifyPassword } from "./auth/passwords.js";
import { revoke, rotate, startFamily } from "./auth/refresh-tokens.js";
import { type IssuedToken, issueAccessToken } from "./auth/tokens.js";
import { ensureAdmin } from "./bootstrap.js";
import { isUniqueViolation } from "./db/errors.js";
import { Id } from "./http/fields.js";
import { conflict, HttpProblem, problemResponses, unauthorized } from "./http/problems.js";
import {
  JwkSet,
  Login,
  RefreshTokenBody,
  Register,
  RoleChange,
  type TokenPair,
  Tokens,
  User,
  UserListQuery,
  UserPage,
  UserWithTokens,
} from "./schemas.js";
import { UserStore } from "./users/store.js";

const secured = [{ bearer: [] }];
const UserParams = Type.Object({ id: Id });
const CANNOT_REFRESH = "the refresh token is unknown, expired, revoked or already used";
const CANNOT_REVOKE = "the refresh token is unknown, expired or already revoked";

/** `/users/:id` would also take PATCH /users/me: that path only answers GET. */
async function refuseMe(request: FastifyRequest): Promise<void> {
  if ((request.params as { id?: string }).id === "me") {
    throw new HttpProblem(405, `${request.method} is not allowed on /users/me`, undefined, {
      Allow: "GET, HEAD",
    });
  }
}

export async function routes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config, db } = app;
  const users = new UserStore(db);
  const logins = new Counter({
    name: "auth_logins_total",
    help: "Login attempts, by outcome.",
    labelNames: ["outcome"] as const,
    registers: [app.metrics],
  });

  // Before the first request can arrive: nobody can register first and claim administration.
  if (config.admin) {
    await ensureAdmin(db, config.admin, app.log);
  }

  app.decorateRequest("user", null as unknown as User);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => new HttpProblem(429, "too many requests: try again later"),
  });
  // Register and login each have a budget per client address (the socket
  // peer), counted before the body is read, so malformed guesses count too.
  // Refresh tokens cannot be guessed, and nothing else is limited.
  const authLimit = { rateLimit: { max: config.authRateLimitPerMinute, timeWindow: "1 minute" } };

  async function tokenPair(user: User, refresh: IssuedToken): Promise<TokenPair> {
    // The role is the one read just now, so a role change shows in every token issued after it.
    const access = await issueAccessToken(config.signingKey, {
      userId: user.id,
      role: user.role,
      issuer: config.issuer,
      ttlSeconds: config.accessTokenTtlSeconds,
    });
    return {
      access: { token: access.token, expiresAt: access.expiresAt.toISOString() },
      refresh: { token: refresh.token, expiresAt: refresh.expiresAt.toISOString() },
    };
  }

  app.post(
    "/auth/register",
    {
      config: authLimit,
      schema: {
        tags: ["auth"],
        body: Register,
        response: { 201: UserWithTokens, ...problemResponses(400, 409, 429) },
      },
    },
    async (request, reply) => {
      const { name, password } = request.body;
      const email = request.body.email.toLowerCase();
      const passwordHash = await hashPassword(password);
      try {
        const { user, refresh } = await db.transaction().execute(async (trx) => {
          const created = await users.create({ email, name, passwordHash, role: "user" }, trx);
          return {
            user: created,
            refresh: await startFamily(trx, created.id, config.refreshTokenTtlSeconds),
          };
        });
        return reply.code(201).send({ user, tokens: await tokenPair(user, refresh) });
      } catch (error) {
        // The unique index decides, so two concurrent sign-ups cannot both win.
        if (isUniqueViolation(error)) {
          throw conflict("an account with this email already exists");
        }
        throw error;
      }
    },
  );

  app.post(
    "/auth/login",
    {
      config: authLimit,
      schema: {
        tags: ["auth"],
        body: Login,
        response: { 200: UserWithTokens, ...problemResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const { password } = request.body;
      const found = await users.findByEmail(request.body.email.toLowerCase());
      // An unknown email is checked against a dummy hash: same answer, same time.
      const valid = found
        ? await verifyPassword(found.passwordHash, password)
        : await verifyAgainstNothing(password);
      if (!found || !valid) {
        logins.inc({ outcome: "failure" });
        throw unauthorized("wrong email or password");
      }
      logins.inc({ outcome: "success" });
      const refresh = await db
        .transaction()
        .execute((trx) => startFamily(trx, found.user.id, config.refreshTokenTtlSeconds));
      return { user: found.user, tokens: await tokenPair(found.user, refresh) };
    },
  );

  app.post(
    "/auth/refresh",
    {
      schema: {
        tags: ["auth"],
        body: RefreshTokenBody,
        response: { 200: Tokens, ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      // Committed even when the token cannot be spent: a reused one has just had its family revoked.
      const rotated = await db.transaction().execute(async (trx) => {
        const rotation = await rotate(
          trx,
          request.body.refreshToken,
          config.refreshTokenTtlSeconds,
        );
        const user = rotation && (await users.find(rotation.userId, trx));
        return rotation && user && { user, refresh: rotation.refresh };
      });
      if (!rotated) {
        throw unauthorized(CANNOT_REFRESH);
      }
      return { tokens: await tokenPair(rotated.user, rotated.refresh) };
    },
  );

  app.post(
    "/auth/logout",
    {
      schema: {
        tags: ["auth"],
        body: RefreshTokenBody,
        response: {
          204: Type.Null({ description: "The login is over: its refresh tokens are revoked." }),
          ...problemResponses(400, 401),
        },
      },
    },
    async (request, reply) => {
      const revoked = await db
        .transaction()
        .execute((trx) => revoke(trx, request.body.refreshToken));
      if (!revoked) {
        throw unauthorized(CANNOT_REVOKE);
      }
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/.well-known/jwks.json",
    { schema: { tags: ["keys"], response: { 200: JwkSet } } },
    async (_request, reply) => {
      // Verifiers cache the set; a few minutes keeps a rotated-in key from waiting long.
      reply.header("cache-control", "public, max-age=300");
      return { keys: [config.signingKey.publicJwk()] };
    },
  );

  // Everything below needs a signed-in user.
  app.register(async (scope) => {
    // Before the body is even read: without a valid token, nothing else is looked at.
    scope.addHook("onRequest", authenticate);
    const api = scope.withTypeProvider<TypeBoxTypeProvider>();

    api.get(
      "/users/me",
      {
        schema: {
          tags: ["users"],
          security: secured,
          response: { 200: User, ...problemResponses(401) },
        },
      },
      async (request) => request.user,
    );

    api.get(
      "/users",
      {
        onRequest: requireAdmin,
        schema: {
          tags: ["users"],
          security: secured,
          querystring: UserListQuery,
          response: { 200: UserPage, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { page = 1, limit = 10 } = request.query;
        return { ...(await users.list(page, limit)), page, limit };
      },
    );

    api.patch(
      "/users/:id",
      {
        onRequest: [refuseMe, requireAdmin],
        schema: {
          tags: ["users"],
          security: secured,
          params: UserParams,
          body: RoleChange,
          response: { 200: User, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => users.changeRole(request.params.id, request.body.role),
    );
  });
}
