import type { FastifyInstance } from "fastify";
import { linkRoutes } from "./links.js";
import { redirectRoutes } from "./redirects.js";

/**
 * The API's resources, each an encapsulated plugin: the shorten rate limit
 * and the message for a reserved alias stay with the links' routes.
 * Registered in the order the OpenAPI document lists them, the redirect's
 * `/:code` last.
 */
export async function routes(app: FastifyInstance): Promise<void> {
  await app.register(linkRoutes, { prefix: "/shorten" });
  await app.register(redirectRoutes);
}
