import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { BrokerUnavailable } from "../broker/redis.js";
import { brokerUnavailable, problemResponses } from "../http/problems.js";
import { GROUPS, STREAM } from "../orders/model.js";
import { OrderStore } from "../orders/store.js";
import { NotificationList, NotificationsQuery, PipelineStats } from "../schemas.js";

/** What the consumers did (notifications) and what is still on its way (stats). */
export async function pipelineRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const orders = new OrderStore(app.db);

  app.get(
    "/notifications",
    {
      schema: {
        tags: ["notifications"],
        summary: "The notifications of an order (none for an unknown order)",
        querystring: NotificationsQuery,
        response: { 200: NotificationList, ...problemResponses(400) },
      },
    },
    async (request) => ({ data: await orders.notifications(request.query.orderId) }),
  );

  app.get(
    "/pipeline/stats",
    {
      schema: {
        tags: ["pipeline"],
        summary: "The outbox backlog, and each group's pending entries, lag and dead letters",
        response: { 200: PipelineStats, ...problemResponses(503) },
      },
    },
    async (request, reply) => {
      const outboxPending = await orders.outboxPending();
      try {
        const stream = await app.broker.stats(STREAM);
        for (const group of GROUPS) {
          // Not created yet: the processes create it at start-up.
          stream.groups[group] ??= { pending: 0, lag: 0, deadLettered: 0 };
        }
        return { outboxPending, streams: { [STREAM]: stream } };
      } catch (error) {
        if (error instanceof BrokerUnavailable) {
          request.log.warn({ err: error }, "the message broker is not answering");
          return brokerUnavailable(reply);
        }
        throw error;
      }
    },
  );
}
