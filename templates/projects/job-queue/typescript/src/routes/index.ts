import { errorCodes, type FastifyInstance } from "fastify";
import { Gauge } from "prom-client";
import { badRequest } from "../http/problems.js";
import { MAX_JSON_DEPTH, nestedDeeperThan } from "../jobs/json.js";
import { STATES } from "../jobs/states.js";
import { JobStore } from "../jobs/store.js";
import { jobRoutes } from "./jobs.js";
import { leaseRoutes } from "./leases.js";

/**
 * The API's two resources, each an encapsulated plugin: the jobs (enqueue,
 * read, list, retry, cancel) and the workers' leases. Both take the JSON
 * body parser set here, which the probes and /metrics never see.
 * Registered in the order the OpenAPI document lists them.
 */
export async function routes(app: FastifyInstance): Promise<void> {
  const jobs = new JobStore(app.db, app.config);

  // Counted in the database when Prometheus scrapes, so every replica reports
  // the same numbers and none has to track changes made by the others.
  new Gauge({
    name: "jobqueue_jobs",
    help: "Jobs of every queue, by state, counted at scrape time.",
    labelNames: ["state"] as const,
    registers: [app.metrics],
    async collect() {
      try {
        const counts = await jobs.stats();
        for (const state of STATES) {
          this.set({ state }, counts[state]);
        }
      } catch (error) {
        // No numbers rather than stale ones; the rest of /metrics is still served.
        this.reset();
        app.log.warn({ err: error }, "could not count the jobs for /metrics");
      }
    },
  });

  // Payloads and results are whatever JSON a producer sends, where "__proto__"
  // and "constructor" are ordinary keys. Fastify's parser refuses them (against
  // prototype poisoning); JSON.parse makes them plain own properties, which is
  // safe here because nothing merges a client's object into another. So these
  // routes parse JSON themselves, failing the way Fastify's parser does. They
  // also bound the nesting, which the checks after parsing walk recursively.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    if (body === "") {
      done(new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(), undefined);
      return;
    }
    if (nestedDeeperThan(body as string, MAX_JSON_DEPTH)) {
      done(badRequest("body", `must not nest more than ${MAX_JSON_DEPTH} levels deep`), undefined);
      return;
    }
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(), undefined);
    }
  });

  await app.register(jobRoutes);
  await app.register(leaseRoutes);
}
