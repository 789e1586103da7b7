import type { FastifyInstance } from "fastify";
import { cacheRoutes } from "./cache.js";
import { weatherRoutes } from "./weather.js";

/**
 * The API's resources, each an encapsulated plugin: the rate limit stays with
 * the weather routes. Registered in the order the OpenAPI document lists them.
 */
export async function routes(app: FastifyInstance): Promise<void> {
  await app.register(weatherRoutes, { prefix: "/weather" });
  await app.register(cacheRoutes, { prefix: "/cache" });
}
