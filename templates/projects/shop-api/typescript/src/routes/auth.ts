import rateLimit from "@fastify/rate-limit";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Counter } from "prom-client";
import { hashPassword, verifyAgainstNothing, verifyPassword } from "../auth/passwords.js";
import { issueToken } from "../auth/tokens.js";
import { isUniqueViolation } from "../db/errors.js";
import { conflict, problemResponses, unauthorized } from "../http/problems.js";
import { Login, Register, TokenResponse } from "../schemas.js";
import { now } from "../timestamps.js";

/** `POST /auth/register` and `POST /auth/login`: the two routes that hand out tokens. */
export async function authRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config, db } = app;
  const tokens = { secret: config.jwtSecret, ttlSeconds: config.tokenTtlSeconds };

  const logins = new Counter({
    name: "auth_logins_total",
    help: "Login attempts, by outcome.",
    labelNames: ["outcome"] as const,
    registers: [app.metrics],
  });

  // Both routes are limited per client address. Registered in this plugin, the
  // limiter sees no other route of the app.
  await app.register(rateLimit, { global: false });
  const authLimit = { rateLimit: { max: config.authRateLimitPerMinute, timeWindow: "1 minute" } };

  app.post(
    "/register",
    {
      config: authLimit,
      schema: {
        tags: ["auth"],
        summary: "Create a customer account; answers a token",
        body: Register,
        response: { 201: TokenResponse, ...problemResponses(400, 409, 429) },
      },
    },
    async (request, reply) => {
      const { name, password } = request.body;
      const email = request.body.email.toLowerCase();
      const passwordHash = await hashPassword(password);
      try {
        const user = await db
          .insertInto("users")
          .values({ name, email, password_hash: passwordHash, role: "customer", created_at: now() })
          .returning("id")
          .executeTakeFirstOrThrow();
        return reply.code(201).send({ token: await issueToken(Number(user.id), tokens) });
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw conflict("that email is already registered");
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
        summary: "Log in with email and password",
        body: Login,
        response: { 200: TokenResponse, ...problemResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const user = await db
        .selectFrom("users")
        .select(["id", "password_hash"])
        .where("email", "=", request.body.email.toLowerCase())
        .executeTakeFirst();
      const valid = user
        ? await verifyPassword(user.password_hash, request.body.password)
        : await verifyAgainstNothing(request.body.password);
      if (!user || !valid) {
        logins.inc({ outcome: "failure" });
        throw unauthorized("wrong email or password");
      }
      logins.inc({ outcome: "success" });
      return { token: await issueToken(Number(user.id), tokens) };
    },
  );
}
