import rateLimit from "@fastify/rate-limit";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { authenticate } from "./auth/authenticate.js";
import { hashPassword, verifyAgainstNothing, verifyPassword } from "./auth/passwords.js";
import { issueToken } from "./auth/tokens.js";
import { caseKey } from "./case.js";
import { chatSocket } from "./chat/socket.js";
import { isUniqueViolation } from "./db/errors.js";
import { conflict, notFound, problemResponses, unauthorized } from "./http/problems.js";
import { RoomStore } from "./rooms/store.js";
import {
  CreateRoom,
  HISTORY_LIMIT,
  HistoryQuery,
  Login,
  MessageList,
  Register,
  Room,
  RoomList,
  RoomParams,
  TokenResponse,
} from "./schemas.js";
import { now } from "./timestamps.js";

const secured = [{ bearer: [] }];

export async function routes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config, db } = app;
  const rooms = new RoomStore(db);
  const tokens = { secret: config.jwtSecret, ttlSeconds: config.tokenTtlSeconds };

  app.decorateRequest("userId", 0);
  app.decorateRequest("username", "");
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
      const { username, password } = request.body;
      const passwordHash = await hashPassword(password);
      try {
        const user = await db
          .insertInto("users")
          .values({
            username,
            username_key: caseKey(username),
            password_hash: passwordHash,
            created_at: now(),
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        return reply.code(201).send({ token: await issueToken(user.id, tokens) });
      } catch (error) {
        // The unique index on username_key decides, so two sign-ups at once cannot both win.
        if (isUniqueViolation(error)) {
          throw conflict(`the username ${username} is already taken`);
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
        .where("username_key", "=", caseKey(request.body.username))
        .executeTakeFirst();
      const valid = user
        ? await verifyPassword(user.password_hash, request.body.password)
        : await verifyAgainstNothing(request.body.password);
      if (!user || !valid) {
        throw unauthorized("wrong username or password");
      }
      return { token: await issueToken(user.id, tokens) };
    },
  );

  // The rooms need a signed-in user, though none of them acts on who it is.
  app.register(async (scope) => {
    // Before the body is even read: without a valid token, nothing else is looked at.
    scope.addHook("onRequest", authenticate);
    const api = scope.withTypeProvider<TypeBoxTypeProvider>();

    api.post(
      "/rooms",
      {
        schema: {
          tags: ["rooms"],
          security: secured,
          body: CreateRoom,
          response: { 201: Room, ...problemResponses(400, 401, 409) },
        },
      },
      async (request, reply) => {
        try {
          return reply.code(201).send(await rooms.create(request.body.name));
        } catch (error) {
          if (isUniqueViolation(error)) {
            throw conflict("a room with this name already exists");
          }
          throw error;
        }
      },
    );

    api.get(
      "/rooms",
      {
        schema: {
          tags: ["rooms"],
          security: secured,
          response: { 200: RoomList, ...problemResponses(401) },
        },
      },
      // Not paginated, as the contract says: fine while rooms number in the hundreds.
      async () => ({ data: await rooms.list() }),
    );

    api.get(
      "/rooms/:id/messages",
      {
        schema: {
          tags: ["rooms"],
          description:
            "History needs a valid token, not membership: anyone signed in may read any room.",
          security: secured,
          params: RoomParams,
          querystring: HistoryQuery,
          response: { 200: MessageList, ...problemResponses(400, 401, 404) },
        },
      },
      async (request) => {
        const { id } = request.params;
        const { before, limit = HISTORY_LIMIT.default } = request.query;
        if (!(await rooms.roomExists(id))) {
          throw notFound(`room ${id} does not exist`);
        }
        return { data: await rooms.recentMessages(id, limit, before) };
      },
    );
  });

  await app.register(chatSocket);
}
