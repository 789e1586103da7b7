import rateLimit from "@fastify/rate-limit";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply } from "fastify";
import { Counter } from "prom-client";
import { hashPassword, verifyAgainstNothing, verifyPassword } from "../auth/passwords.js";
import { issueToken } from "../auth/tokens.js";
import { isUniqueViolation } from "../db/errors.js";
import { type Account, callerOf } from "../plugins/authentication.js";
import { errorResponses, fieldsError, unauthorized } from "../plugins/realworld.js";
import { LoginBody, RegisterBody, UpdateUserBody, UserResponse } from "../schemas.js";
import { laterThan, now } from "../timestamps.js";
import { byEmail, takenFields, usernameKey } from "../users/store.js";

const secured = [{ token: [] }];

/** Accounts: register, log in, and the caller's own user. */
export async function userRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config, db } = app;
  const tokens = { secret: config.jwtSecret, ttlSeconds: config.tokenTtlSeconds };

  const logins = new Counter({
    name: "auth_logins_total",
    help: "Login attempts, by outcome.",
    labelNames: ["outcome"] as const,
    registers: [app.metrics],
  });

  // Register and login are limited per client address, each route with its
  // own budget. Registered in this plugin, the limiter sees no other route.
  await app.register(rateLimit, { global: false });
  const authLimit = { rateLimit: { max: config.authRateLimitPerMinute, timeWindow: "1 minute" } };

  function respond(reply: FastifyReply, user: Account, token: string) {
    // The body carries a token: no cache may keep it.
    reply.header("cache-control", "no-store");
    return {
      user: {
        email: user.email,
        token,
        username: user.username,
        bio: user.bio,
        image: user.image,
        role: user.role,
      },
    };
  }

  async function taken(userId: number, username?: string, email?: string) {
    return fieldsError(409, await takenFields(db, userId, username, email));
  }

  app.post(
    "/users",
    {
      config: authLimit,
      schema: {
        tags: ["users"],
        summary: "Register an author; answers the user with a token",
        body: RegisterBody,
        response: { 201: UserResponse, ...errorResponses(409, 422, 429) },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body.user;
      const email = request.body.user.email.toLowerCase();
      const passwordHash = await hashPassword(password);
      const timestamp = now();
      let user: Account;
      try {
        user = await db
          .insertInto("users")
          .values({
            username,
            username_key: usernameKey(username),
            email,
            password_hash: passwordHash,
            bio: null,
            image: null,
            role: "author",
            created_at: timestamp,
            updated_at: timestamp,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      } catch (error) {
        // The unique indexes decide, so two sign-ups racing for one name cannot both win.
        if (isUniqueViolation(error)) {
          throw await taken(0, username, email);
        }
        throw error;
      }
      reply.code(201);
      return respond(reply, user, await issueToken(Number(user.id), tokens));
    },
  );

  app.post(
    "/users/login",
    {
      config: authLimit,
      schema: {
        tags: ["users"],
        summary: "Log in with email and password",
        body: LoginBody,
        response: { 200: UserResponse, ...errorResponses(401, 422, 429) },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body.user;
      const user = await byEmail(db, email);
      // An unknown email and a wrong password get the same 401, after the same work.
      const valid = user
        ? await verifyPassword(user.password_hash, password)
        : await verifyAgainstNothing(password);
      if (!user || !valid) {
        logins.inc({ outcome: "failure" });
        throw unauthorized("wrong email or password");
      }
      logins.inc({ outcome: "success" });
      return respond(reply, user, await issueToken(Number(user.id), tokens));
    },
  );

  app.get(
    "/user",
    {
      onRequest: app.authenticate,
      schema: {
        tags: ["users"],
        summary: "The current user",
        security: secured,
        response: { 200: UserResponse, ...errorResponses(401) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      return respond(reply, caller.user, caller.token);
    },
  );

  app.put(
    "/user",
    {
      onRequest: app.authenticate,
      schema: {
        tags: ["users"],
        summary: "Update email, username, password, bio or image",
        description:
          "Changes what the body names; a password left empty keeps the old one, as RealWorld front ends send the whole settings form.",
        security: secured,
        body: UpdateUserBody,
        response: { 200: UserResponse, ...errorResponses(401, 409, 422) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const changes = request.body.user;
      const previous = caller.user;
      const email = changes.email?.toLowerCase();
      let user: Account;
      try {
        user = await db
          .updateTable("users")
          .set({
            ...(changes.username !== undefined && {
              username: changes.username,
              username_key: usernameKey(changes.username),
            }),
            ...(email !== undefined && { email }),
            ...(changes.password && { password_hash: await hashPassword(changes.password) }),
            ...(changes.bio !== undefined && { bio: changes.bio }),
            ...(changes.image !== undefined && { image: changes.image }),
            updated_at: laterThan(previous.updated_at),
          })
          .where("id", "=", previous.id)
          .returningAll()
          .executeTakeFirstOrThrow();
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw await taken(Number(previous.id), changes.username, email);
        }
        throw error;
      }
      return respond(reply, user, caller.token);
    },
  );
}
