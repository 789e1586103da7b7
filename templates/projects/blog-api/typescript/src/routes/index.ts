import type { FastifyInstance } from "fastify";
import { ensureAdmin } from "../bootstrap.js";
import { adminRoutes } from "./admin.js";
import { articleRoutes } from "./articles.js";
import { commentRoutes } from "./comments.js";
import { profileRoutes } from "./profiles.js";
import { tagRoutes } from "./tags.js";
import { userRoutes } from "./users.js";

/**
 * The API's resources under /api, each an encapsulated plugin: the rate limit
 * of register and login stays with the user routes, the admin check with the
 * admin routes. Registered in the order the OpenAPI document lists them.
 */
export async function routes(app: FastifyInstance): Promise<void> {
  // Before the first request can arrive: a fresh blog can be moderated at once.
  if (app.config.admin) {
    await ensureAdmin(app.db, app.config.admin, app.log);
  }
  await app.register(userRoutes, { prefix: "/api" });
  await app.register(profileRoutes, { prefix: "/api/profiles" });
  // `/api/articles/feed` is a route of its own: no article's slug is ever `feed`.
  await app.register(articleRoutes, { prefix: "/api/articles" });
  await app.register(commentRoutes, { prefix: "/api/articles" });
  await app.register(tagRoutes, { prefix: "/api/tags" });
  await app.register(adminRoutes, { prefix: "/api/admin/users" });
}
