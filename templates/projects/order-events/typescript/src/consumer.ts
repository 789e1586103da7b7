/**
 * The consumer: one consumer of each group on the stream `orders`
 * (inventory and notifications) until SIGINT or SIGTERM; it then stops
 * reading, finishes the message in hand, and exits. Run as many as you like:
 * each is a consumer of its own in both groups.
 */
import { hostname } from "node:os";
import { RedisBroker } from "./broker/redis.js";
import { isDatabaseUnavailable } from "./db/errors.js";
import { GROUPS, STREAM } from "./orders/model.js";
import { OrderStore } from "./orders/store.js";
import { Consumer, handlers, READ_BLOCK_MS } from "./pipeline/consumer.js";
import { launch } from "./pipeline/launch.js";

await launch("consumer", async ({ config, logger, db, signal }) => {
  const name = config.consumerName || `${hostname()}-${process.pid}`;
  const handle = handlers(new OrderStore(db), logger);
  await Promise.all(
    GROUPS.map(async (group) => {
      // A connection per group: XREADGROUP … BLOCK holds its connection while it waits.
      const broker = new RedisBroker(
        config.redisUrl,
        config.streamMaxLength,
        (error) => logger.warn({ err: error, group }, "redis connection failed"),
        READ_BLOCK_MS + 2_000,
      );
      await broker.connected();
      try {
        await new Consumer({
          broker,
          stream: STREAM,
          group,
          name,
          handle: handle[group] as (typeof handle)[string],
          claimIdleMs: config.claimIdleMs,
          maxDeliveries: config.maxDeliveries,
          logger,
          transient: isDatabaseUnavailable,
        }).run(signal);
      } finally {
        broker.close();
      }
    }),
  );
});
