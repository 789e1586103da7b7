import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { badRequest, notFound, problemResponses } from "../http/problems.js";
import { encodeJson } from "../jobs/json.js";
import { parseRunAt } from "../jobs/run-at.js";
import { JobStore } from "../jobs/store.js";
import {
  CreateJob,
  IdempotencyHeaders,
  Job,
  JobPage,
  JobParams,
  ListQuery,
  QueueParams,
  QueueStats,
} from "../schemas.js";
import { queueRoute } from "./queue-params.js";

/** Producers and operators: enqueue a job, read it, list and count a queue's, retry or cancel one. */
export async function jobRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const jobs = new JobStore(app.db, app.config);

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
}
