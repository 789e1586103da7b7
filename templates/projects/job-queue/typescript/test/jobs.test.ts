import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { useApp } from "./support/app.js";
import {
  enqueue,
  expectProblem,
  fieldErrors,
  fromNow,
  getJob,
  lease,
  RFC3339_MILLIS,
  settle,
  UUID,
  uniqueQueue,
} from "./support/jobs.js";

describe("enqueue and fetch", () => {
  const t = useApp();

  test("a new job has the defaults and can be read back", async () => {
    const queue = uniqueQueue();
    const response = await t.app.inject({
      method: "POST",
      url: `/queues/${queue}/jobs`,
      payload: { type: "email.send", payload: { to: ["a", "b"] } },
    });
    expect(response.statusCode, response.body).toBe(201);
    const job = response.json();
    expect(job).toEqual({
      id: expect.stringMatching(UUID),
      queue,
      type: "email.send",
      payload: { to: ["a", "b"] },
      state: "available",
      priority: 0,
      attempts: 0,
      maxAttempts: 5,
      runAt: job.createdAt,
      createdAt: expect.stringMatching(RFC3339_MILLIS),
      updatedAt: job.createdAt,
      lastError: null,
      result: null,
      leaseExpiresAt: null,
    });
    expect(await getJob(t.app, job.id)).toEqual(job);
  });

  test("a future runAt is scheduled and normalised to UTC milliseconds", async () => {
    const job = await enqueue(t.app, uniqueQueue(), {
      runAt: "2099-01-01T02:00:00.123456+02:00",
      priority: -1000,
      maxAttempts: 100,
    });
    expect(job).toMatchObject({
      state: "scheduled",
      runAt: "2099-01-01T00:00:00.123Z",
      priority: -1000,
      maxAttempts: 100,
    });
  });

  test("a past runAt is available at once", async () => {
    const job = await enqueue(t.app, uniqueQueue(), { runAt: fromNow(-60), priority: 1000 });
    expect(job.state).toBe("available");
  });

  test("an integer may be written as 30.0, as JSON Schema allows", async () => {
    const job = await enqueue(t.app, uniqueQueue(), { priority: 30.0 });
    expect(job.priority).toBe(30);
  });

  test.each([
    [{ type: "" }, "type", "must not be empty"],
    [{ type: "t".repeat(65) }, "type", "must be at most 64 characters"],
    [{ type: "send email" }, "type", "must be 1 to 64 characters of A-Z, a-z, 0-9, _, . and -"],
    [{ type: 5 }, "type", "must be a string"],
    [{ type: null }, "type", "must be a string"],
    [{ payload: [1, 2] }, "payload", "must be an object"],
    [{ payload: "text" }, "payload", "must be an object"],
    [{ payload: null }, "payload", "must be an object"],
    [{ priority: 1001 }, "priority", "must be at most 1000"],
    [{ priority: -1001 }, "priority", "must be at least -1000"],
    [{ priority: "5" }, "priority", "must be an integer"],
    [{ priority: 1.5 }, "priority", "must be an integer"],
    [{ priority: true }, "priority", "must be an integer"],
    [{ priority: null }, "priority", "must be an integer"],
    [{ maxAttempts: 0 }, "maxAttempts", "must be at least 1"],
    [{ maxAttempts: 101 }, "maxAttempts", "must be at most 100"],
    [{ maxAttempts: "3" }, "maxAttempts", "must be an integer"],
    [{ runAt: 1893456000 }, "runAt", "must be a string"],
  ])("refuses %j", async (change, field, message) => {
    const response = await t.app.inject({
      method: "POST",
      url: `/queues/${uniqueQueue()}/jobs`,
      payload: { type: "email.send", payload: {}, ...change },
    });
    expect(fieldErrors(response)).toContainEqual([field, message]);
  });

  test.each([
    "tomorrow",
    "2099-01-01T00:00:00",
    "2099-01-01",
    "2099-02-30T00:00:00Z",
    "2099-01-01T24:00:00Z",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:30:00-01:00",
  ])("refuses the runAt %s", async (runAt) => {
    const response = await t.app.inject({
      method: "POST",
      url: `/queues/${uniqueQueue()}/jobs`,
      payload: { type: "t", payload: {}, runAt },
    });
    expect(fieldErrors(response).map(([field]) => field)).toContain("runAt");
  });

  test.each(["type", "payload"])("a missing %s is 400", async (missing) => {
    const payload: Record<string, unknown> = { type: "t", payload: {} };
    delete payload[missing];
    const response = await t.app.inject({ method: "POST", url: "/queues/q/jobs", payload });
    expect(fieldErrors(response)).toContainEqual([missing, "is required"]);
  });

  test("a body that is not JSON is 400 naming the body", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/queues/q/jobs",
      headers: { "content-type": "application/json" },
      payload: "type=x",
    });
    expect(fieldErrors(response)).toEqual([["body", "must be a JSON object"]]);
  });

  test.each(["q".repeat(65), "bad queue", "bad!queue", "..."])(
    "the queue name %j is 400",
    async (name) => {
      const response = await t.app.inject({
        method: "POST",
        url: `/queues/${encodeURIComponent(name)}/jobs`,
        payload: { type: "t", payload: {} },
      });
      expect(fieldErrors(response).map(([field]) => field)).toEqual(["queue"]);
    },
  );

  test("queue and type take their whole alphabet up to 64 characters", async () => {
    const queue = `Az09_.-${"q".repeat(57)}`;
    const job = await enqueue(t.app, queue, { type: `T_y.p-e9${"x".repeat(56)}` });
    expect(job.queue).toBe(queue);
  });

  test("the payload limit counts bytes of its JSON encoding", async () => {
    await enqueue(t.app, uniqueQueue(), { payload: { blob: "x".repeat(60_000) } });
    for (const payload of [{ blob: "é".repeat(34_000) }, { blob: "x".repeat(70_000) }]) {
      const response = await t.app.inject({
        method: "POST",
        url: "/queues/q/jobs",
        payload: { type: "t", payload },
      });
      expect(fieldErrors(response)[0]?.[0]).toBe("payload");
    }
  });

  test("a number too large for JSON is refused, not stored as null", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/queues/q/jobs",
      headers: { "content-type": "application/json" },
      payload: '{"type":"t","payload":{"n":1e400}}',
    });
    expect(fieldErrors(response)).toEqual([
      ["payload", "must not contain numbers too large for JSON"],
    ]);
  });

  test("__proto__ and constructor are ordinary payload keys, stored as sent", async () => {
    const body =
      '{"type":"t","payload":{"__proto__":{"polluted":true},"constructor":{"prototype":1}}}';
    const response = await t.app.inject({
      method: "POST",
      url: `/queues/${uniqueQueue()}/jobs`,
      headers: { "content-type": "application/json" },
      payload: body,
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.body).toContain(
      '"payload":{"__proto__":{"polluted":true},"constructor":{"prototype":1}}',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const stored = await t.app.inject({ method: "GET", url: `/jobs/${response.json().id}` });
    expect(stored.body).toContain('"__proto__":{"polluted":true}');
  });

  test.each(["", "{", "[1,"])("the body %j is 400 naming the body", async (payload) => {
    const response = await t.app.inject({
      method: "POST",
      url: "/queues/q/jobs",
      headers: { "content-type": "application/json" },
      payload,
    });
    expect(fieldErrors(response)).toEqual([["body", "must be a JSON object"]]);
  });

  test("QUERY, which no route takes, is a 405 like any other method", async () => {
    const response = await t.app.inject({ method: "QUERY" as "GET", url: `/jobs/${randomUUID()}` });
    expectProblem(response, 405);
    expect(response.headers.allow).toBe("GET, HEAD");
  });

  test("payload text that databases cannot store directly still round-trips", async () => {
    const payload = { "nul\u0000key": "a\u0000b", emoji: "🙂" };
    const job = await enqueue(t.app, uniqueQueue(), { payload });
    expect((await getJob(t.app, job.id)).payload).toEqual(payload);
  });

  test("an unknown job is 404, a malformed id too; an upper-case id finds its job", async () => {
    expectProblem(await t.app.inject({ method: "GET", url: `/jobs/${randomUUID()}` }), 404);
    expectProblem(await t.app.inject({ method: "GET", url: "/jobs/not-a-uuid" }), 404);
    expectProblem(await t.app.inject({ method: "GET", url: "/jobs/12345" }), 404);
    const job = await enqueue(t.app, uniqueQueue());
    expect((await getJob(t.app, job.id.toUpperCase())).id).toBe(job.id);
  });
});

describe("retry and cancel", () => {
  const t = useApp();

  test("a dead job can be retried: available again, attempts reset, lastError kept", async () => {
    const queue = uniqueQueue();
    await enqueue(t.app, queue, { maxAttempts: 1 });
    const [job] = await lease(t.app, queue);
    const dead = (await settle(t.app, job as object, "nack", { error: "fatal" })).json();
    expect(dead).toMatchObject({ state: "dead", attempts: 1, lastError: "fatal" });

    const retried = await t.app.inject({ method: "POST", url: `/jobs/${dead.id}/retry` });
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ state: "available", attempts: 0, lastError: "fatal" });
    expect(retried.json().updatedAt > dead.updatedAt).toBe(true);
    const [again] = await lease(t.app, queue);
    expect(again).toMatchObject({ id: dead.id, attempts: 1 });
    // Running now, not dead.
    expectProblem(await t.app.inject({ method: "POST", url: `/jobs/${dead.id}/retry` }), 409);
  });

  test("retrying a job that is not dead is 409 and changes nothing", async () => {
    const job = await enqueue(t.app, uniqueQueue());
    expectProblem(await t.app.inject({ method: "POST", url: `/jobs/${job.id}/retry` }), 409);
    expect(await getJob(t.app, job.id)).toEqual(job);
    const missing = await t.app.inject({ method: "POST", url: `/jobs/${randomUUID()}/retry` });
    expectProblem(missing, 404);
  });

  test.each([
    ["available", undefined],
    ["scheduled", fromNow(3600)],
  ])("an %s job can be cancelled, once", async (_state, runAt) => {
    const queue = uniqueQueue();
    const job = await enqueue(t.app, queue, runAt ? { runAt } : {});
    const response = await t.app.inject({ method: "POST", url: `/jobs/${job.id}/cancel` });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ id: job.id, state: "cancelled" });
    expect(await lease(t.app, queue, { max: 10 })).toEqual([]);
    expectProblem(await t.app.inject({ method: "POST", url: `/jobs/${job.id}/cancel` }), 409);
    expectProblem(await t.app.inject({ method: "POST", url: `/jobs/${job.id}/retry` }), 409);
  });

  test("running, completed and dead jobs cannot be cancelled", async () => {
    const queue = uniqueQueue();
    await enqueue(t.app, queue, { priority: 2 });
    await enqueue(t.app, queue, { priority: 1 });
    await enqueue(t.app, queue, { priority: 0, maxAttempts: 1 });
    const [running, completing, dying] = (await lease(t.app, queue, { max: 3 })) as [
      object,
      object,
      object,
    ];
    expect((await settle(t.app, completing, "ack")).statusCode).toBe(200);
    expect((await settle(t.app, dying, "nack", { error: "no" })).json().state).toBe("dead");
    for (const job of [running, completing, dying] as { id: string }[]) {
      const before = await getJob(t.app, job.id);
      const response = await t.app.inject({ method: "POST", url: `/jobs/${job.id}/cancel` });
      expect(expectProblem(response, 409).detail).toMatch(/only a waiting job can be cancelled/);
      expect(await getJob(t.app, job.id)).toEqual(before);
    }
    expectProblem(await t.app.inject({ method: "POST", url: `/jobs/${randomUUID()}/cancel` }), 404);
  });
});
