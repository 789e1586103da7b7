import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { errorCodes, type FastifyInstance, type FastifyRequest } from "fastify";
import { Gauge } from "prom-client";
import { badRequest, notFound, problemResponses } from "./http/problems.js";
import { encodeJson, MAX_JSON_DEPTH, nestedDeeperThan } from "./jobs/json.js";
import { parseRunAt } from "./jobs/run-at.js";
import { STATES } from "./jobs/states.js";
import { JobStore } from "./jobs/store.js";
import { QUEUE_RULE } from "./names.js";
import {
  Ack,
  CreateJob,
  Heartbeat,
  IdempotencyHeaders,
  Job,
  JobPage,
  JobParams,
  LeaseRequest,
  Leases,
  ListQuery,
  Nack,
  QueueParams,
  QueueStats,
} from "./schemas.js";

/**
 * Routes with a queue in the path validate it here: the problem handler
 * answers every malformed path parameter with 404, which is right for a job
 * id that cannot exist, but a malformed queue name is bad input, a 400.
 * (`attachValidation` hands the failure to this hook instead of throwing it.)
 */
async function queueIsBadInput(request: FastifyRequest): Promise<void> {
  const failure = request.validationError;
  if (!failure) {
    return;
  }
  if (failure.validationContext === "params") {
    throw badRequest("queue", `must be ${QUEUE_RULE}`);
  }
  throw failure;
}

const queueRoute = { attachValidation: true, preHandler: queueIsBadInput };

export async function routes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
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

  app.post(
    "/queues/:queue/jobs",
    {
      ...queueRoute,
      schema: {
        tags: ["jobs"],
        summary: "Enqueue a job",
        params: QueueParams,
        headers: IdempotencyHeaders,
        body: CreateJob,
        response: {
          201: Job,
          200: { ...Job, description: "The job this Idempotency-Key already created" },
          ...problemResponses(400, 422),
        },
      },
    },
    async (request, reply) => {
      const { type, payload, priority = 0, maxAttempts = 5 } = request.body;
      const encoded = encodeJson(payload);
      if ("error" in encoded) {
        throw badRequest("payload", encoded.error);
      }
      let runAt: string | undefined;
      if (request.body.runAt !== undefined) {
        const parsed = parseRunAt(request.body.runAt);
        if ("error" in parsed) {
          throw badRequest("runAt", parsed.error);
        }
        runAt = parsed.value;
      }
      const { job, created } = await jobs.enqueue(
        request.params.queue,
        { type, payload, payloadJson: encoded.text, priority, runAt, maxAttempts },
        request.headers["idempotency-key"],
      );
      return reply.code(created ? 201 : 200).send(job);
    },
  );

  app.get(
    "/jobs/:id",
    {
      schema: {
        tags: ["jobs"],
        summary: "Fetch a job",
        params: JobParams,
        response: { 200: Job, ...problemResponses(404) },
      },
    },
    async (request) => {
      const id = request.params.id.toLowerCase();
      const job = await jobs.find(id);
      if (!job) {
        throw notFound(`job ${id} does not exist`);
      }
      return job;
    },
  );

  app.post(
    "/jobs/:id/retry",
    {
      schema: {
        tags: ["jobs"],
        summary: "Make a dead job available again, with its attempts reset",
        params: JobParams,
        response: { 200: Job, ...problemResponses(404, 409) },
      },
    },
    async (request) => jobs.retry(request.params.id.toLowerCase()),
  );

  app.post(
    "/jobs/:id/cancel",
    {
      schema: {
        tags: ["jobs"],
        summary: "Cancel a job that has not started",
        params: JobParams,
        response: { 200: Job, ...problemResponses(404, 409) },
      },
    },
    async (request) => jobs.cancel(request.params.id.toLowerCase()),
  );

  app.get(
    "/queues/:queue/stats",
    {
      ...queueRoute,
      schema: {
        tags: ["jobs"],
        summary: "Count a queue's jobs in each state",
        params: QueueParams,
        response: { 200: QueueStats, ...problemResponses(400) },
      },
    },
    async (request) => jobs.stats(request.params.queue),
  );

  app.get(
    "/queues/:queue/jobs",
    {
      ...queueRoute,
      schema: {
        tags: ["jobs"],
        summary: "List a queue's jobs, oldest first, optionally in one state",
        params: QueueParams,
        querystring: ListQuery,
        response: { 200: JobPage, ...problemResponses(400) },
      },
    },
    async (request) => {
      const { page = 1, limit = 10, state } = request.query;
      const { data, total } = await jobs.list(request.params.queue, { state, page, limit });
      return { data, page, limit, total };
    },
  );

  app.post(
    "/queues/:queue/leases",
    {
      ...queueRoute,
      schema: {
        tags: ["leases"],
        summary: "Lease up to `max` ready jobs, each with a lease token",
        params: QueueParams,
        body: LeaseRequest,
        response: { 200: Leases, ...problemResponses(400) },
      },
    },
    async (request) => {
      const { workerId, leaseSeconds = 30, max = 1 } = request.body;
      return { jobs: await jobs.lease(request.params.queue, { workerId, leaseSeconds, max }) };
    },
  );

  app.post(
    "/jobs/:id/heartbeat",
    {
      schema: {
        tags: ["leases"],
        summary: "Extend the lease on a running job",
        params: JobParams,
        body: Heartbeat,
        response: { 200: Job, ...problemResponses(400, 404, 409) },
      },
    },
    async (request) => {
      const { leaseToken, leaseSeconds = 30 } = request.body;
      return jobs.heartbeat(request.params.id.toLowerCase(), leaseToken, leaseSeconds);
    },
  );

  app.post(
    "/jobs/:id/ack",
    {
      schema: {
        tags: ["leases"],
        summary: "Complete a job, with an optional result",
        params: JobParams,
        body: Ack,
        response: { 200: Job, ...problemResponses(400, 404, 409) },
      },
    },
    async (request) => {
      const { leaseToken, result = null } = request.body;
      let resultJson: string | null = null;
      if (result !== null) {
        const encoded = encodeJson(result);
        if ("error" in encoded) {
          throw badRequest("result", encoded.error);
        }
        resultJson = encoded.text;
      }
      return jobs.ack(request.params.id.toLowerCase(), leaseToken, resultJson);
    },
  );

  app.post(
    "/jobs/:id/nack",
    {
      schema: {
        tags: ["leases"],
        summary: "Fail a job: retried later with backoff, or dead when no attempts are left",
        params: JobParams,
        body: Nack,
        response: { 200: Job, ...problemResponses(400, 404, 409) },
      },
    },
    async (request) => {
      const { leaseToken, error } = request.body;
      return jobs.nack(request.params.id.toLowerCase(), leaseToken, error);
    },
  );
}
