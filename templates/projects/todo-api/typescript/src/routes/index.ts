import type { FastifyInstance } from "fastify";
import { authRoutes } from "./auth.js";
import { todoRoutes } from "./todos.js";

/**
 * The API's resources, each an encapsulated plugin: the rate limit of the
 * sign-in routes and the token check of the todos stay with their own
 * routes. Registered in the order the OpenAPI document lists them.
 */
export async function routes(app: FastifyInstance): Promise<void> {
  await app.register(authRoutes);
  await app.register(todoRoutes, { prefix: "/todos" });
}
