import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { isUniqueViolation } from "../db/errors.js";
import { conflict, notFound, problemResponses } from "../http/problems.js";
import { RoomStore } from "../rooms/store.js";
import {
  CreateRoom,
  HISTORY_LIMIT,
  HistoryQuery,
  MessageList,
  Room,
  RoomList,
  RoomParams,
} from "../schemas.js";

const secured = [{ bearer: [] }];

/** `/rooms` and a room's history, for signed-in users (though none of them acts on who it is). */
export async function roomRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const rooms = new RoomStore(app.db);

  // Before the body is even read: without a valid token, nothing else is looked
  // at. The hook belongs to this plugin, so /register, /login and /ws never run it.
  app.addHook("onRequest", app.authenticate);

  app.post(
    "",
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

  app.get(
    "",
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

  app.get(
    "/:id/messages",
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
}
