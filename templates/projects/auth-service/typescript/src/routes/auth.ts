import rateLimit from "@fastify/rate-limit";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Counter } from "prom-client";
import { Type } from "typebox";
import { hashPassword, verifyAgainstNothing, verifyPassword } from "../auth/passwords.js";
import { revoke, rotate, startFamily } from "../auth/refresh-tokens.js";
import { type IssuedToken, issueAccessToken } from "../auth/tokens.js";
import { isUniqueViolation } from "../db/errors.js";
import { conflict, HttpProblem, problemResponses, unauthorized } from "../http/problems.js";
import {
  Login,
  RefreshTokenBody,
  Register,
  type TokenPair,
  Tokens,
  type User,
  UserWithTokens,
} from "../schemas.js";
import { UserStore } from "../users/store.js";

const CANNOT_REFRESH = "the refresh token is unknown, expired, revoked or already used";
const CANNOT_REVOKE = "the refresh token is unknown, expired or already revoked";

/** `/auth/…`: where tokens are issued, refreshed and revoked. */
export async function authRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config, db } = app;
  const users = new UserStore(db);
  const logins = new Counter({
    name: "auth_logins_total",
    help: "Login attempts, by outcome.",
    labelNames: ["outcome"] as const,
    registers: [app.metrics],
  });

  // Registered in this plugin, the limiter sees no route outside /auth.
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
    "/register",
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
    "/login",
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
    "/refresh",
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
    "/logout",
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
}
