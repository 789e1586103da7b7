import type { Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { Database } from "../src/db/schema.js";
import { type Event, MalformedEvent, parseEvent, UnknownOrder } from "../src/orders/model.js";
import { OrderStore } from "../src/orders/store.js";
import { openTestDatabase } from "./support/app.js";

describe("the consumers' effects on the database", () => {
  let db: Kysely<Database>;
  let store: OrderStore;

  beforeEach(async () => {
    db = await openTestDatabase();
    store = new OrderStore(db);
  });
  afterEach(async () => {
    await db.destroy();
  });

  async function placed(items: { sku: string; quantity: number }[]): Promise<Event> {
    const order = await store.place("buyer@example.com", items);
    const [event] = (await store.events(order.id)) ?? [];
    if (!event) {
      throw new Error("no order.placed event");
    }
    return event;
  }

  test("reserve takes every line's stock and confirms, once however often it is delivered", async () => {
    await store.setStock("a", 5);
    await store.setStock("b", 1);
    const event = await placed([
      { sku: "a", quantity: 2 },
      { sku: "b", quantity: 1 },
    ]);
    expect(await store.reserve("inventory", event)).toBe(true);
    expect(await store.reserve("inventory", event)).toBe(false);
    expect(await store.stock("a")).toBe(3);
    expect(await store.stock("b")).toBe(0);
    const order = await store.find(event.orderId);
    expect(order?.status).toBe("confirmed");
    const events = (await store.events(event.orderId)) ?? [];
    expect(events.map((e) => e.type)).toEqual(["order.placed", "order.confirmed"]);
    expect(Date.parse(order?.updatedAt ?? "")).toBeGreaterThan(Date.parse(order?.createdAt ?? ""));
  });

  test("reserve is all or nothing: the first line short rejects the order and takes no stock", async () => {
    await store.setStock("a", 5);
    await store.setStock("b", 1);
    const event = await placed([
      { sku: "a", quantity: 2 },
      { sku: "b", quantity: 2 },
      { sku: "zz", quantity: 1 },
    ]);
    expect(await store.reserve("inventory", event)).toBe(true);
    expect(await store.stock("a")).toBe(5);
    expect(await store.stock("b")).toBe(1);
    const order = await store.find(event.orderId);
    expect(order).toMatchObject({ status: "rejected", reason: "out_of_stock: b" });
  });

  test("an unknown sku is out of stock", async () => {
    const event = await placed([{ sku: "never-stocked", quantity: 1 }]);
    await store.reserve("inventory", event);
    expect((await store.find(event.orderId))?.reason).toBe("out_of_stock: never-stocked");
  });

  test("notify records one email per outcome event, and none for a repeat", async () => {
    const event = await placed([{ sku: "a", quantity: 1 }]);
    await store.reserve("inventory", event);
    const outcome = ((await store.events(event.orderId)) ?? [])[1] as Event;
    expect(await store.notify("notifications", outcome)).toBe(true);
    expect(await store.notify("notifications", outcome)).toBe(false);
    const notifications = await store.notifications(event.orderId);
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({
      channel: "email",
      to: "buyer@example.com",
      eventId: outcome.id,
    });
    expect(notifications[0]?.subject).toContain("could not be fulfilled (out_of_stock: a)");
  });

  test("an event about an unknown order fails, and records nothing", async () => {
    const event: Event = {
      id: 999,
      type: "order.placed",
      orderId: 999,
      occurredAt: new Date().toISOString(),
      data: {},
    };
    await expect(store.reserve("inventory", event)).rejects.toBeInstanceOf(UnknownOrder);
    // The processed record rolled back with the failure: a fixed retry would still apply it.
    expect(await db.selectFrom("processed_events").selectAll().execute()).toHaveLength(0);
  });

  test("parseEvent refuses an entry that is not an event", () => {
    const good = {
      id: "1",
      type: "order.placed",
      orderId: "2",
      occurredAt: "2026-01-01T00:00:00.000Z",
      data: "{}",
    };
    expect(parseEvent(good)).toMatchObject({ id: 1, orderId: 2, data: {} });
    for (const bad of [
      { id: "x" },
      { orderId: "0" },
      { occurredAt: "yesterday" },
      { data: "[1]" },
      { data: "{" },
    ]) {
      expect(() => parseEvent({ ...good, ...bad })).toThrow(MalformedEvent);
    }
  });
});
