/**
 * The relay: publishes the outbox to the stream `orders` until SIGINT or
 * SIGTERM. Run one per deployment (see pipeline/relay.ts).
 */
import { OrderStore } from "./orders/store.js";
import { launch } from "./pipeline/launch.js";
import { Relay } from "./pipeline/relay.js";

await launch("relay", async ({ config, logger, db, broker, signal }) => {
  await new Relay(new OrderStore(db), broker, config.relayPollMs, logger).run(signal);
});
