import { describe, expect, test } from "vitest";
import { useApp } from "./support/app.js";

const line = (sku = "sku-1", quantity = 1) => ({ sku, quantity });

describe("orders", () => {
  const t = useApp();

  const place = (payload: unknown) =>
    t.app.inject({ method: "POST", url: "/orders", payload: payload as object });

  test("POST /orders is 202 placed, with its Location, and writes order.placed to the outbox", async () => {
    const response = await place({
      customerEmail: "Ada@Example.COM",
      items: [line("a", 2), line("b", 1)],
    });
    expect(response.statusCode).toBe(202);
    const order = response.json();
    expect(response.headers.location).toBe(`/orders/${order.id}`);
    expect(order).toMatchObject({
      customerEmail: "ada@example.com",
      items: [line("a", 2), line("b", 1)],
      status: "placed",
      reason: null,
    });
    const events = (
      await t.app.inject({ method: "GET", url: `/orders/${order.id}/events` })
    ).json();
    expect(events.data).toHaveLength(1);
    expect(events.data[0]).toMatchObject({ type: "order.placed", orderId: order.id });
    expect(events.data[0].data).toEqual({ customerEmail: "ada@example.com", items: order.items });
    const unpublished = await t.db
      .selectFrom("events")
      .selectAll()
      .where("published_at", "is", null)
      .execute();
    expect(unpublished).toHaveLength(1);
  });

  test.each([
    [{ items: [line()] }, "customerEmail"],
    [{ customerEmail: "not-an-email", items: [line()] }, "customerEmail"],
    [{ customerEmail: "a@example.com" }, "items"],
    [{ customerEmail: "a@example.com", items: [] }, "items"],
    [{ customerEmail: "a@example.com", items: Array.from({ length: 51 }, () => line()) }, "items"],
    [{ customerEmail: "a@example.com", items: [line("bad sku")] }, "items.0.sku"],
    [{ customerEmail: "a@example.com", items: [line("x".repeat(65))] }, "items.0.sku"],
    [{ customerEmail: "a@example.com", items: [line("a", 0)] }, "items.0.quantity"],
    [{ customerEmail: "a@example.com", items: [line("a", 1001)] }, "items.0.quantity"],
    [{ customerEmail: "a@example.com", items: [line("a", 1.5)] }, "items.0.quantity"],
  ])("POST /orders %j is 400 naming %s, and stores nothing", async (body, field) => {
    const response = await place(body);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(await t.db.selectFrom("orders").selectAll().execute()).toHaveLength(0);
    expect(await t.db.selectFrom("events").selectAll().execute()).toHaveLength(0);
  });

  test("a quantity with an integral value (2.0) is the integer", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/orders",
      headers: { "content-type": "application/json" },
      payload: '{"customerEmail":"a@example.com","items":[{"sku":"a","quantity":2.0}]}',
    });
    expect(response.statusCode).toBe(202);
    expect(response.json().items).toEqual([line("a", 2)]);
  });

  test("GET /orders/{id} and its events are 404 for an unknown or malformed id", async () => {
    for (const url of ["/orders/99", "/orders/99/events", "/orders/abc", "/orders/0"]) {
      expect((await t.app.inject({ method: "GET", url })).statusCode).toBe(404);
    }
  });

  test("GET /orders lists by id ascending, filters by status, and pages", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await place({ customerEmail: `c${i}@example.com`, items: [line()] })).json().id);
    }
    await t.db
      .updateTable("orders")
      .set({ status: "rejected", reason: "out_of_stock: sku-1" })
      .where("id", "=", ids[1] ?? 0)
      .execute();
    const all = (await t.app.inject({ method: "GET", url: "/orders?limit=2" })).json();
    expect(all).toMatchObject({ page: 1, limit: 2, total: 3 });
    expect(all.data.map((order: { id: number }) => order.id)).toEqual(ids.slice(0, 2));
    const rejected = (await t.app.inject({ method: "GET", url: "/orders?status=rejected" })).json();
    expect(rejected.data.map((order: { id: number }) => order.id)).toEqual([ids[1]]);
    expect(rejected.data[0].reason).toBe("out_of_stock: sku-1");
    for (const query of ["status=shipped", "page=0", "limit=101", "limit=x"]) {
      expect((await t.app.inject({ method: "GET", url: `/orders?${query}` })).statusCode).toBe(400);
    }
  });
});

describe("inventory and notifications", () => {
  const t = useApp();

  test("PUT /inventory/{sku} sets the stock that GET reads", async () => {
    const put = await t.app.inject({
      method: "PUT",
      url: "/inventory/sku-1",
      payload: { available: 5 },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ sku: "sku-1", available: 5 });
    await t.app.inject({ method: "PUT", url: "/inventory/sku-1", payload: { available: 0 } });
    const get = await t.app.inject({ method: "GET", url: "/inventory/sku-1" });
    expect(get.json()).toEqual({ sku: "sku-1", available: 0 });
  });

  test("an unknown sku is 404, a malformed one 400, and a bad stock 400", async () => {
    expect((await t.app.inject({ method: "GET", url: "/inventory/nope" })).statusCode).toBe(404);
    const bad = await t.app.inject({ method: "GET", url: "/inventory/bad%20sku" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe("sku");
    for (const available of [-1, 1.5, "3", null]) {
      const response = await t.app.inject({
        method: "PUT",
        url: "/inventory/sku-1",
        payload: { available },
      });
      expect(response.statusCode).toBe(400);
    }
  });

  test("GET /notifications needs an orderId, and is empty for an unknown order", async () => {
    expect((await t.app.inject({ method: "GET", url: "/notifications" })).statusCode).toBe(400);
    expect(
      (await t.app.inject({ method: "GET", url: "/notifications?orderId=x" })).statusCode,
    ).toBe(400);
    const none = await t.app.inject({ method: "GET", url: "/notifications?orderId=12345" });
    expect(none.statusCode).toBe(200);
    expect(none.json()).toEqual({ data: [] });
  });
});
