import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { Id } from "../http/fields.js";
import { HttpProblem, problemResponses } from "../http/problems.js";
import { RoleChange, User, UserListQuery, UserPage } from "../schemas.js";
import { UserStore } from "../users/store.js";

const secured = [{ bearer: [] }];
const UserParams = Type.Object({ id: Id });

/** `/users/:id` would also take PATCH /users/me: that path only answers GET. */
async function refuseMe(request: FastifyRequest): Promise<void> {
  if ((request.params as { id?: string }).id === "me") {
    throw new HttpProblem(405, `${request.method} is not allowed on /users/me`, undefined, {
      Allow: "GET, HEAD",
    });
  }
}

/** `/users/me` for anyone signed in; the list and role changes for admins. */
export async function userRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const users = new UserStore(app.db);

  // Before the body is even read: without a valid token, nothing else is looked
  // at. The hook belongs to this plugin, so /auth and the keys never run it.
  app.addHook("onRequest", app.authenticate);

  app.get(
    "/me",
    {
      schema: {
        tags: ["users"],
        security: secured,
        response: { 200: User, ...problemResponses(401) },
      },
    },
    async (request) => request.user,
  );

  app.get(
    "",
    {
      onRequest: app.requireAdmin,
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

  app.patch(
    "/:id",
    {
      onRequest: [refuseMe, app.requireAdmin],
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
}
