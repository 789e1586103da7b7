import type { FastifyInstance } from "fastify";
import { ensureAdmin } from "../bootstrap.js";
import { authRoutes } from "./auth.js";
import { keyRoutes } from "./keys.js";
import { userRoutes } from "./users.js";

/**
 * The API's resources, each an encapsulated plugin: the sign-in rate limit
 * stays with /auth, the token check with /users. Registered in the order
 * the OpenAPI document lists them.
 */
export async function routes(app: FastifyInstance): Promise<void> {
  // Before the first request can arrive: nobody can register first and claim administration.
  if (app.config.admin) {
    await ensureAdmin(app.db, app.config.admin, app.log);
  }
  await app.register(authRoutes, { prefix: "/auth" });
  await app.register(keyRoutes);
  await app.register(userRoutes, { prefix: "/users" });
}
