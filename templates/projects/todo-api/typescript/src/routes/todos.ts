import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { Id } from "../http/fields.js";
import { forbidden, notFound, problemResponses } from "../http/problems.js";
import { CreateTodo, ListQuery, Todo, TodoPage, UpdateTodo } from "../schemas.js";
import { TodoStore } from "../todos/store.js";

const secured = [{ bearer: [] }];
const TodoParams = Type.Object({ id: Id });

/** `/todos` and `/todos/:id`, each for the signed-in user's own todos only. */
export async function todoRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const todos = new TodoStore(app.db);

  // Before the body is even read: without a valid token, nothing else is looked
  // at. The hook belongs to this plugin, so /register and /login never run it.
  app.addHook("onRequest", app.authenticate);

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

  app.post(
    "",
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

  app.get(
    "",
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
      const { data, total } = await todos.list(request.userId, { page, limit, sort, completed, q });
      return { data, page, limit, total };
    },
  );

  app.get(
    "/:id",
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

  app.put(
    "/:id",
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

  app.delete(
    "/:id",
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
}
