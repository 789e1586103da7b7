import { describe, expect, test } from "vitest";
import { useApp } from "./support/app.js";
import { expectProblem, fieldErrors, type Json, uniqueQueue } from "./support/jobs.js";

const BODY = { type: "invoice.render", payload: { invoice: 42, lines: [1, 2] }, priority: 3 };

describe("Idempotency-Key", () => {
  const t = useApp();

  function post(queue: string, key: string, body: Json = BODY) {
    return t.app.inject({
      method: "POST",
      url: `/queues/${queue}/jobs`,
      payload: body,
      headers: { "idempotency-key": key },
    });
  }

  test("the same key and body return the original job with 200", async () => {
    const queue = uniqueQueue();
    const first = await post(queue, "key-1");
    expect(first.statusCode, first.body).toBe(201);
    const again = await post(queue, "key-1");
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual(first.json());
  });

  test("defaults and payload key order do not make a body different", async () => {
    const queue = uniqueQueue();
    const first = (
      await post(queue, "k", { type: "t", payload: { a: 1, b: { c: 2, d: 3 } } })
    ).json();
    const same = await post(queue, "k", {
      type: "t",
      payload: { b: { d: 3, c: 2 }, a: 1 },
      priority: 0,
      maxAttempts: 5,
    });
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json().id).toBe(first.id);
  });

  test.each<Json>([
    { ...BODY, payload: { invoice: 43, lines: [1, 2] } },
    { ...BODY, payload: { invoice: 42, lines: [2, 1] } },
    { ...BODY, priority: 4 },
    { ...BODY, type: "invoice.send" },
    { ...BODY, maxAttempts: 2 },
    { ...BODY, runAt: "2099-01-01T00:00:00Z" },
  ])("the same key with another body is 422: %j", async (other) => {
    const queue = uniqueQueue();
    expect((await post(queue, "key")).statusCode).toBe(201);
    const response = await post(queue, "key", other);
    expect(expectProblem(response, 422).detail).toMatch(/different body/);
  });

  test("keys are scoped to their queue; other keys and no key make new jobs", async () => {
    const queue = uniqueQueue();
    const first = (await post(queue, "shared")).json();
    const elsewhere = await post(uniqueQueue(), "shared");
    expect(elsewhere.statusCode).toBe(201);
    expect(elsewhere.json().id).not.toBe(first.id);
    expect((await post(queue, "other")).statusCode).toBe(201);
    const plain = await t.app.inject({
      method: "POST",
      url: `/queues/${queue}/jobs`,
      payload: BODY,
    });
    expect(plain.statusCode).toBe(201);
    expect(plain.json().id).not.toBe(first.id);
  });

  test("a key older than 24 hours is free again", async () => {
    const queue = uniqueQueue();
    const first = (await post(queue, "old")).json();
    await t.db
      .updateTable("idempotency_keys")
      .set({ created_at: new Date(Date.now() - 24 * 3600 * 1000 - 1).toISOString() })
      .execute();
    const fresh = await post(queue, "old", { ...BODY, priority: 9 });
    expect(fresh.statusCode, fresh.body).toBe(201);
    expect(fresh.json().id).not.toBe(first.id);
    expect((await post(queue, "old", { ...BODY, priority: 9 })).json().id).toBe(fresh.json().id);
  });

  test("concurrent requests with one key make one job", async () => {
    const queue = uniqueQueue();
    const responses = await Promise.all(Array.from({ length: 6 }, () => post(queue, "race")));
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
    const listed = await t.app.inject({ method: "GET", url: `/queues/${queue}/jobs` });
    expect(listed.json().total).toBe(1);
  });

  test.each(["", "with space", "é", "k".repeat(256)])("the key %j is 400", async (key) => {
    const fields = fieldErrors(await post(uniqueQueue(), key)).map(([field]) => field);
    expect(new Set(fields)).toEqual(new Set(["idempotency-key"]));
  });
});
