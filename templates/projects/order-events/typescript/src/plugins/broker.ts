import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { RedisBroker } from "../broker/redis.js";

declare module "fastify" {
  interface FastifyInstance {
    /** Redis, for /readyz and /pipeline/stats: the API never publishes to it itself. */
    broker: RedisBroker;
  }
}

/**
 * Makes the broker `app.broker`, connected in the background: an API whose
 * Redis is down still starts and takes orders (the relay publishes them
 * later). Closed when the app closes.
 */
export const broker = fp(
  async (app: FastifyInstance) => {
    const client = new RedisBroker(app.config.redisUrl, app.config.streamMaxLength, (error) =>
      app.log.warn({ err: error }, "redis connection failed"),
    );
    await client.connected();
    app.decorate("broker", client);
    app.addHook("onClose", async () => client.close());
  },
  { name: "broker", dependencies: ["config"] },
);
