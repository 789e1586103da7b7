import type { FastifyInstance } from "fastify";
import { CacheStats } from "../schemas.js";

/** `/cache/stats`: what the cache did since the server started. Not rate limited. */
export async function cacheRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    "/stats",
    {
      schema: {
        summary: "Cache hits, misses, stale answers and provider calls since the server started",
        tags: ["cache"],
        response: { 200: CacheStats },
      },
    },
    async () => app.weather.stats(),
  );
}
