import type { FastifyInstance } from "fastify";
import { Gauge } from "prom-client";
import { GROUPS, STATUSES, STREAM } from "../orders/model.js";
import { OrderStore } from "../orders/store.js";
import { inventoryRoutes } from "./inventory.js";
import { orderRoutes } from "./orders.js";
import { pipelineRoutes } from "./pipeline.js";

/**
 * The API's resources, each an encapsulated plugin: orders, inventory, and
 * the pipeline's notifications and stats. Registered in the order the
 * OpenAPI document lists them.
 */
export async function routes(app: FastifyInstance): Promise<void> {
  const orders = new OrderStore(app.db);

  // Counted in the database when Prometheus scrapes: the consumers that move
  // orders on are other processes than the one serving /metrics.
  new Gauge({
    name: "orderevents_orders",
    help: "Orders by status, counted in the database at scrape time.",
    labelNames: ["status"] as const,
    registers: [app.metrics],
    async collect() {
      try {
        const counts = await orders.counts();
        for (const status of STATUSES) {
          this.set({ status }, counts[status]);
        }
      } catch (error) {
        // No numbers rather than stale ones; the rest of /metrics is still served.
        this.reset();
        app.log.warn({ err: error }, "could not count the orders for /metrics");
      }
    },
  });

  // The groups exist before the first event is published: a group created
  // later would never see it. The API needs no Redis to take an order, so
  // this retries in the background until Redis answers.
  let stopped = false;
  app.addHook("onClose", async () => {
    stopped = true;
  });
  void (async () => {
    for (let wait = 100; !stopped; wait = Math.min(2 * wait, 5_000)) {
      try {
        await app.broker.ensureGroups(STREAM, GROUPS);
        return;
      } catch (error) {
        app.log.warn(
          { err: error, retry_in_ms: wait },
          "could not create the consumer groups; retrying",
        );
        await new Promise((resolve) => setTimeout(resolve, wait).unref());
      }
    }
  })();

  await app.register(orderRoutes);
  await app.register(inventoryRoutes);
  await app.register(pipelineRoutes);
}
