import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { badRequest, problemResponses } from "../http/problems.js";
import { encodeJson } from "../jobs/json.js";
import { JobStore } from "../jobs/store.js";
import {
  Ack,
  Heartbeat,
  Job,
  JobParams,
  LeaseRequest,
  Leases,
  Nack,
  QueueParams,
} from "../schemas.js";
import { queueRoute } from "./queue-params.js";

/** Workers: lease ready jobs, keep a lease alive, and ack or nack what they hold. */
export async function leaseRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const jobs = new JobStore(app.db, app.config);

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
