import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { databaseUnavailable } from "./problems.js";

/**
 * `/healthz` answers while the process is up (a liveness probe); `/readyz`
 * also asks the database, so a load balancer stops sending traffic to an
 * instance that cannot reach it.
 */
export async function health(app: FastifyInstance): Promise<void> {
  app.get("/healthz", { schema: { hide: true } }, async () => ({ status: "ok" }));

  app.get("/readyz", { schema: { hide: true } }, async (request, reply) => {
    try {
      await sql`select 1`.execute(app.db);
      return { status: "ok" };
    } catch (error) {
      request.log.warn({ err: error }, "database is not answering");
      return databaseUnavailable(reply);
    }
  });
}
