import rateLimit from "@fastify/rate-limit";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Counter } from "prom-client";
import { Type } from "typebox";
import { authenticate } from "./auth/authenticate.js";
import { hashPassword, verifyAgainstNothing, verifyPassword } from "./auth/passwords.js";
import { issueToken } from "./auth/tokens.js";
import { isUniqueViolation } from "./db/errors.js";
import { Id } from "./http/fields.js";
import { conflict, forbidden, notFound, problemResponses, unauthorized } from "./http/problems.js";
import {
  CreateTodo,
  ListQuery,
  Login,
  Register,
  Todo,
  TodoPage,
  TokenResponse,
  UpdateTodo,
} from "./schemas.js";
import { now } from "./timestamps.js";
import { TodoStore } from "./todos/store.js";

const secured = [{ bearer: [] }];
const TodoParams = Type.Object({ id: Id });

export async function routes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config, db } = app;
  const todos = new TodoStore(db);
  const tokens = { secret: config.jwtSecret, ttlSeconds: config.tokenTtlSeconds };

  const logins = new Counter({
    name: "auth_logins_total",
    help: "Login attempts, by outcome.",
    labelNames: ["outcome"] as const,
    registers: [app.metrics],
  });

  app.decorateRequest("userId", 0);
  // Register and login are limited per client address; nothing else is.
  await app.register(rateLimit, { global: false });
  const authLimit = { rateLimit: { max: config.authRateLimitPerMinute, timeWindow: "1 minute" } };

  app.post(
    "/register",
    {
      config: authLimit,
      schema: {
        tags: ["auth"],
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
          .values({ name, email, password_hash: passwordHash, created_at: now() })
          .returning("id")
          .executeTakeFirstOrThrow();
        return reply.code(201).send({ token: await issueToken(user.id, tokens) });
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
      return { token: await issueToken(user.id, tokens) };
    },
  );

  // Everything below needs a signed-in user.
  app.register(async (scope) => {
    // Before the body is even read: without a valid token, nothing else is looked at.
    scope.addHook("onRequest", authenticate);
    const api = scope.withTypeProvider<TypeBoxTypeProvider>();

    /** The todo `id` if the caller owns it: 404 when there is none, 403 when it is someone else's. */
    async function ownedTodo(id: number, userId: number): Promise<Todo> {
      const found = await todos.find(id);
      if (!found) {
        throw notFound(`todo ${id} does not exist`);
      }
      if (found.ownerId !== userId) {
        throw forbidden(`todo ${id} belongs to another user`);
      }
      return found.todo;
    }

    api.post(
      "/todos",
      {
        schema: {
          tags: ["todos"],
          security: secured,
          body: CreateTodo,
          response: { 201: Todo, ...problemResponses(400, 401) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await todos.create(request.userId, request.body)),
    );

    api.get(
      "/todos",
      {
        schema: {
          tags: ["todos"],
          security: secured,
          querystring: ListQuery,
          response: { 200: TodoPage, ...problemResponses(400, 401) },
        },
      },
      async (request) => {
        const { page = 1, limit = 10, sort = "createdAt", completed, q } = request.query;
        const { data, total } = await todos.list(request.userId, {
          page,
          limit,
          sort,
          completed,
          q,
        });
        return { data, page, limit, total };
      },
    );

    api.get(
      "/todos/:id",
      {
        schema: {
          tags: ["todos"],
          security: secured,
          params: TodoParams,
          response: { 200: Todo, ...problemResponses(401, 403, 404) },
        },
      },
      async (request) => ownedTodo(request.params.id, request.userId),
    );

    api.put(
      "/todos/:id",
      {
        schema: {
          tags: ["todos"],
          security: secured,
          params: TodoParams,
          body: UpdateTodo,
          response: { 200: Todo, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const todo = await ownedTodo(request.params.id, request.userId);
        return todos.update(todo.id, request.body, todo);
      },
    );

    api.delete(
      "/todos/:id",
      {
        schema: {
          tags: ["todos"],
          security: secured,
          params: TodoParams,
          response: {
            204: Type.Null({ description: "Deleted." }),
            ...problemResponses(401, 403, 404),
          },
        },
      },
      async (request, reply) => {
        const todo = await ownedTodo(request.params.id, request.userId);
        await todos.delete(todo.id);
        return reply.code(204).send(null);
      },
    );
  });
}
