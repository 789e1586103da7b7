import type { Kysely } from "kysely";
import pino from "pino";
import { createClient } from "redis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { type Message, RedisBroker } from "../src/broker/redis.js";
import type { Database } from "../src/db/schema.js";
import { GROUPS, INVENTORY_GROUP, NOTIFICATIONS_GROUP } from "../src/orders/model.js";
import { OrderStore } from "../src/orders/store.js";
import { Consumer, handlers } from "../src/pipeline/consumer.js";
import { Relay } from "../src/pipeline/relay.js";
import { openTestDatabase } from "./support/app.js";
import { REDIS_URL, testStream } from "./support/redis.js";

const logger = pino({ level: "silent" });

describe.skipIf(!REDIS_URL)("the pipeline on Redis (REDIS_URL; docker compose up -d redis)", () => {
  const inspector = createClient({ url: REDIS_URL });
  let db: Kysely<Database>;
  let store: OrderStore;
  let broker: RedisBroker;
  let stream: string;

  beforeAll(async () => {
    await inspector.connect();
  });
  afterAll(() => {
    inspector.destroy();
  });
  beforeEach(async () => {
    db = await openTestDatabase();
    store = new OrderStore(db);
    broker = new RedisBroker(REDIS_URL ?? "", 100_000, () => {}, 3_000);
    await broker.connected();
    stream = testStream();
    await broker.ensureGroups(stream, GROUPS);
  });
  afterEach(async () => {
    await inspector.sendCommand(["DEL", stream, `${stream}.dead`, `${stream}.dead:counts`]);
    broker.close();
    await db.destroy();
  });

  const consumer = (group: string, maxDeliveries = 3, claimIdleMs = 100) =>
    new Consumer({
      broker,
      stream,
      group,
      name: `test-${group}`,
      handle: handlers(store, logger)[group] as (message: Message) => Promise<void>,
      claimIdleMs,
      maxDeliveries,
      logger,
    });

  /** Reads what is waiting for `group` and handles it, as the consumer's loop does. */
  async function drain(group: string): Promise<void> {
    const c = consumer(group);
    for (const message of await broker.read(stream, group, `test-${group}`, 100, 100)) {
      await c.process(message);
    }
  }

  test("an order goes placed → confirmed → notified, and the outbox empties", async () => {
    await store.setStock("a", 1);
    const order = await store.place("buyer@example.com", [{ sku: "a", quantity: 1 }]);
    const relay = new Relay(store, broker, 200, logger, stream);
    expect(await relay.publish()).toBe(1);
    expect(await store.outboxPending()).toBe(0);
    await drain(INVENTORY_GROUP);
    await drain(NOTIFICATIONS_GROUP); // order.placed: not its business, acknowledged
    expect(await relay.publish()).toBe(1); // order.confirmed
    await drain(INVENTORY_GROUP);
    await drain(NOTIFICATIONS_GROUP);
    expect((await store.find(order.id))?.status).toBe("confirmed");
    expect(await store.notifications(order.id)).toHaveLength(1);
    const stats = await broker.stats(stream);
    expect(stats.length).toBe(2);
    for (const group of GROUPS) {
      expect(stats.groups[group]).toEqual({ pending: 0, lag: 0, deadLettered: 0 });
    }
  });

  test("an event published twice takes effect once", async () => {
    await store.setStock("a", 5);
    const order = await store.place("buyer@example.com", [{ sku: "a", quantity: 2 }]);
    const [event] = (await store.events(order.id)) ?? [];
    const fields = {
      id: String(event?.id),
      type: "order.placed",
      orderId: String(order.id),
      occurredAt: order.createdAt,
      data: "{}",
    };
    await broker.publish(stream, [fields, fields]);
    await drain(INVENTORY_GROUP);
    expect(await store.stock("a")).toBe(3);
    expect((await broker.stats(stream)).groups[INVENTORY_GROUP]?.pending).toBe(0);
  });

  test("a poison message is claimed again and dead-lettered on its last delivery", async () => {
    await broker.publish(stream, [
      { id: "x", type: "order.placed", orderId: "1", occurredAt: "now", data: "{}" },
    ]);
    const c = consumer(INVENTORY_GROUP, 2, 50);
    const [first] = await broker.read(stream, INVENTORY_GROUP, "test-inventory", 10, 100);
    await c.process(first as Message);
    expect((await broker.stats(stream)).groups[INVENTORY_GROUP]?.pending).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    const [again] = await broker.claim(stream, INVENTORY_GROUP, "another", 50, 10);
    expect(again?.deliveries).toBe(2);
    await c.process(again as Message);
    const stats = await broker.stats(stream);
    expect(stats.groups[INVENTORY_GROUP]).toMatchObject({ pending: 0, deadLettered: 1 });
    const dead = (await inspector.sendCommand(["XRANGE", `${stream}.dead`, "-", "+"])) as [
      string,
      string[],
    ][];
    expect(dead).toHaveLength(1);
    const fields = dead[0]?.[1] ?? [];
    const get = (name: string) => fields[fields.indexOf(name) + 1];
    expect(get("group")).toBe(INVENTORY_GROUP);
    expect(get("deliveries")).toBe("2");
    expect(get("sourceId")).toBe(first?.id);
    expect(get("error")).toMatch(/not a positive integer/);
  });
});
