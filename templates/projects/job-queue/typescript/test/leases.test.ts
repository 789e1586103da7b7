import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { useApp } from "./support/app.js";
import {
  enqueue,
  expectProblem,
  fieldErrors,
  fromNow,
  getJob,
  type Json,
  lease,
  settle,
  uniqueQueue,
} from "./support/jobs.js";

const ACTIONS: Record<string, Json> = {
  heartbeat: {},
  ack: { result: { ok: true } },
  nack: { error: "boom" },
};

describe("leases", () => {
  const t = useApp();

  test("follow priority, then runAt, then creation, and skip what is not ready", async () => {
    const queue = uniqueQueue();
    const old = fromNow(-60);
    const mid = fromNow(-30);
    const jobs: Record<string, Json> = {};
    for (const [name, fields] of Object.entries<Json>({
      "p0-mid": { priority: 0, runAt: mid },
      "p5-now": { priority: 5 },
      "p-3-now": { priority: -3 },
      "p5-mid-first": { priority: 5, runAt: mid },
      "p5-mid-second": { priority: 5, runAt: mid },
      "p0-old": { priority: 0, runAt: old },
      "p1000-future": { priority: 1000, runAt: fromNow(3600) },
    })) {
      jobs[name] = await enqueue(t.app, queue, fields);
    }
    const names = new Map(Object.entries(jobs).map(([name, job]) => [job.id, name]));
    const order: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const leased = await lease(t.app, queue);
      expect(leased.length).toBeLessThanOrEqual(1);
      order.push(...leased.map((job) => names.get(job.id) ?? "?"));
    }
    expect(order).toEqual([
      "p5-mid-first",
      "p5-mid-second",
      "p5-now",
      "p0-old",
      "p0-mid",
      "p-3-now",
    ]);
    expect((await getJob(t.app, jobs["p1000-future"]?.id)).state).toBe("scheduled");
  });

  test("set running, attempts + 1, a token and the expiry", async () => {
    const queue = uniqueQueue();
    const job = await enqueue(t.app, queue, { maxAttempts: 3 });
    const before = Date.now();
    const [leased] = await lease(t.app, queue, { leaseSeconds: 120, max: 5 });
    expect(leased).toMatchObject({ id: job.id, state: "running", attempts: 1, maxAttempts: 3 });
    expect(leased?.leaseToken).toEqual(expect.any(String));
    const expires = Date.parse(leased?.leaseExpiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + 120_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 120_000);
    expect(leased?.updatedAt > job.updatedAt).toBe(true);
    const { leaseToken: _, ...shown } = leased as Json;
    expect(await getJob(t.app, job.id)).toEqual(shown);
  });

  test("default to one job for 30 seconds; an empty queue gives an empty list", async () => {
    const queue = uniqueQueue();
    expect(await lease(t.app, queue)).toEqual([]);
    for (let i = 0; i < 3; i += 1) {
      await enqueue(t.app, queue);
    }
    const before = Date.now();
    const [first] = await lease(t.app, queue);
    expect(Math.abs(Date.parse(first?.leaseExpiresAt) - before - 30_000)).toBeLessThan(2000);
    expect(await lease(t.app, queue, { max: 100 })).toHaveLength(2);
    expect(await lease(t.app, queue, { max: 100 })).toEqual([]);
  });

  test("only take jobs of their own queue", async () => {
    const queue = uniqueQueue();
    await enqueue(t.app, uniqueQueue());
    expect(await lease(t.app, queue)).toEqual([]);
  });

  test("concurrent leases never hand out a job twice, and together hand out all", async () => {
    const queue = uniqueQueue();
    const created = new Set<string>();
    for (let n = 0; n < 30; n += 1) {
      created.add((await enqueue(t.app, queue, { payload: { n } })).id);
    }
    const leasers = Array.from({ length: 8 }, async (_, worker) => {
      const handed: string[] = [];
      for (;;) {
        const jobs = await lease(t.app, queue, { workerId: `w${worker}`, max: 3 });
        if (jobs.length === 0) {
          return handed;
        }
        handed.push(...jobs.map((job) => job.id));
      }
    });
    const ids = (await Promise.all(leasers)).flat();
    expect(ids).toHaveLength(created.size);
    expect(new Set(ids)).toEqual(created);
  });

  test.each([
    [{}, "workerId", "is required"],
    [{ workerId: 7 }, "workerId", "must be a string"],
    [{ workerId: null }, "workerId", "must be a string"],
    [{ workerId: "" }, "workerId", "must not be empty"],
    [{ workerId: "w", leaseSeconds: 0 }, "leaseSeconds", "must be at least 1"],
    [{ workerId: "w", leaseSeconds: 3601 }, "leaseSeconds", "must be at most 3600"],
    [{ workerId: "w", leaseSeconds: "30" }, "leaseSeconds", "must be an integer"],
    [{ workerId: "w", max: 0 }, "max", "must be at least 1"],
    [{ workerId: "w", max: 101 }, "max", "must be at most 100"],
    [{ workerId: "w", max: 2.5 }, "max", "must be an integer"],
    [{ workerId: "w", max: true }, "max", "must be an integer"],
  ])("refuse %j and lease nothing", async (payload, field, message) => {
    const queue = uniqueQueue();
    const job = await enqueue(t.app, queue);
    const response = await t.app.inject({
      method: "POST",
      url: `/queues/${queue}/leases`,
      payload,
    });
    expect(fieldErrors(response)).toContainEqual([field, message]);
    expect(await getJob(t.app, job.id)).toEqual(job);
  });

  test("a bad queue name is 400", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/queues/no%20spaces/leases",
      payload: { workerId: "w" },
    });
    expect(fieldErrors(response).map(([field]) => field)).toEqual(["queue"]);
  });
});

describe("heartbeat, ack and nack", () => {
  const t = useApp();

  async function leased(fields: Json = {}): Promise<Json> {
    const queue = uniqueQueue();
    await enqueue(t.app, queue, fields);
    const [job] = await lease(t.app, queue, { leaseSeconds: 60 });
    return job as Json;
  }

  test("heartbeat extends the lease, by 30 seconds unless told", async () => {
    const job = await leased();
    const before = Date.now();
    const response = await settle(t.app, job, "heartbeat", { leaseSeconds: 600 });
    expect(response.statusCode, response.body).toBe(200);
    const extended = response.json();
    expect(extended).toMatchObject({ id: job.id, state: "running", attempts: 1 });
    expect(Math.abs(Date.parse(extended.leaseExpiresAt) - before - 600_000)).toBeLessThan(2000);
    expect(extended.updatedAt > job.updatedAt).toBe(true);
    const again = (await settle(t.app, job, "heartbeat")).json();
    expect(Math.abs(Date.parse(again.leaseExpiresAt) - Date.now() - 30_000)).toBeLessThan(2000);
  });

  test("ack completes with the result and spends the lease", async () => {
    const job = await leased();
    const response = await settle(t.app, job, "ack", { result: { sent: 3, to: ["a"] } });
    expect(response.statusCode, response.body).toBe(200);
    const done = response.json();
    expect(done).toMatchObject({ state: "completed", result: { sent: 3, to: ["a"] } });
    expect(done.leaseExpiresAt).toBeNull();
    expect(done.updatedAt > job.updatedAt).toBe(true);
    for (const [action, fields] of Object.entries(ACTIONS)) {
      expectProblem(await settle(t.app, job, action, fields), 409);
    }
    expect(await getJob(t.app, job.id)).toEqual(done);
  });

  test.each([
    [undefined, null],
    [null, null],
    ["text", "text"],
    [
      [1, 2],
      [1, 2],
    ],
    [0, 0],
  ])("ack stores the result %j", async (result, stored) => {
    const job = await leased();
    const response = await settle(t.app, job, "ack", result === undefined ? {} : { result });
    expect(response.json().result).toEqual(stored);
  });

  test("a result over 64 KiB of JSON is 400", async () => {
    const job = await leased();
    const response = await settle(t.app, job, "ack", { result: "x".repeat(70_000) });
    expect(fieldErrors(response)[0]?.[0]).toBe("result");
    expect((await getJob(t.app, job.id)).state).toBe("running");
  });

  test("nack with attempts left schedules a retry after the backoff", async () => {
    const job = await leased({ maxAttempts: 3 });
    const before = Date.now();
    const response = await settle(t.app, job, "nack", { error: "boom" });
    expect(response.statusCode, response.body).toBe(200);
    const nacked = response.json();
    expect(nacked).toMatchObject({ state: "scheduled", attempts: 1, lastError: "boom" });
    expect(nacked.leaseExpiresAt).toBeNull();
    // testConfig's base is 10 seconds: the first retry waits 10 to 15 seconds.
    const delay = Date.parse(nacked.runAt) - before;
    expect(delay).toBeGreaterThanOrEqual(10_000 - 5);
    expect(delay).toBeLessThanOrEqual(15_000 + 1000);
    expect(await lease(t.app, job.queue)).toEqual([]);
  });

  test("nack without attempts left is dead", async () => {
    const job = await leased({ maxAttempts: 1 });
    const nacked = (await settle(t.app, job, "nack", { error: "fatal" })).json();
    expect(nacked).toMatchObject({ state: "dead", attempts: 1, lastError: "fatal" });
  });

  test.each(Object.keys(ACTIONS))(
    "%s with a wrong lease token is 409 and changes nothing",
    async (action) => {
      const job = await leased();
      const before = await getJob(t.app, job.id);
      const response = await settle(t.app, job, action, {
        ...ACTIONS[action],
        leaseToken: "not-the-lease",
      });
      expect(expectProblem(response, 409).detail).toMatch(/not the current lease/);
      expect(await getJob(t.app, job.id)).toEqual(before);
    },
  );

  test.each(Object.keys(ACTIONS))("%s of an unknown job is 404", async (action) => {
    const job = { id: randomUUID(), leaseToken: "whatever" };
    expectProblem(await settle(t.app, job, action, ACTIONS[action]), 404);
  });

  test.each([
    ["heartbeat", {}, "leaseToken", "is required"],
    ["heartbeat", { leaseToken: 5 }, "leaseToken", "must be a string"],
    ["heartbeat", { leaseToken: "<lease>", leaseSeconds: 0 }, "leaseSeconds", "must be at least 1"],
    [
      "heartbeat",
      { leaseToken: "<lease>", leaseSeconds: "60" },
      "leaseSeconds",
      "must be an integer",
    ],
    ["ack", { leaseToken: null }, "leaseToken", "must be a string"],
    ["nack", { leaseToken: "<lease>" }, "error", "is required"],
    ["nack", { leaseToken: "<lease>", error: 500 }, "error", "must be a string"],
    ["nack", { leaseToken: "<lease>", error: "" }, "error", "must not be empty"],
  ])("%s refuses %j and changes nothing", async (action, body, field, message) => {
    const job = await leased();
    const payload = Object.fromEntries(
      Object.entries(body).map(([name, value]) => [
        name,
        value === "<lease>" ? job.leaseToken : value,
      ]),
    );
    const response = await t.app.inject({
      method: "POST",
      url: `/jobs/${job.id}/${action}`,
      payload,
    });
    expect(fieldErrors(response)).toContainEqual([field, message]);
    const { leaseToken: _, ...shown } = job;
    expect(await getJob(t.app, job.id)).toEqual(shown);
  });
});

describe("expired leases", () => {
  const t = useApp();

  /** Moves a job's lease expiry into the past, as if its worker had stalled. */
  async function expireLease(id: string): Promise<void> {
    await t.db
      .updateTable("jobs")
      .set({ lease_expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("id", "=", id)
      .execute();
  }

  test("are reclaimed by the next lease: redelivered, then dead with its attempts used up", async () => {
    const queue = uniqueQueue();
    const job = await enqueue(t.app, queue, { maxAttempts: 2 });
    const [first] = (await lease(t.app, queue)) as [Json];
    expect(await lease(t.app, queue)).toEqual([]);

    await expireLease(job.id);
    // The stale lease cannot act even before a lease request reclaims it.
    expectProblem(await settle(t.app, first, "ack"), 409);
    const [second] = (await lease(t.app, queue)) as [Json];
    expect(second).toMatchObject({ id: job.id, attempts: 2, lastError: "lease expired" });
    expect(second.leaseToken).not.toBe(first.leaseToken);
    const before = await getJob(t.app, job.id);
    expectProblem(await settle(t.app, first, "ack"), 409);
    expectProblem(await settle(t.app, first, "heartbeat"), 409);
    expectProblem(await settle(t.app, first, "nack", { error: "late" }), 409);
    expect(await getJob(t.app, job.id)).toEqual(before);

    await expireLease(job.id);
    expect(await lease(t.app, queue)).toEqual([]);
    expect(await getJob(t.app, job.id)).toMatchObject({
      state: "dead",
      attempts: 2,
      lastError: "lease expired",
      leaseExpiresAt: null,
    });
    expectProblem(await settle(t.app, second, "ack"), 409);
  });

  test("keep the job's place in line: it is ready again at its original runAt", async () => {
    const queue = uniqueQueue();
    const job = await enqueue(t.app, queue);
    await lease(t.app, queue);
    await expireLease(job.id);
    const [again] = await lease(t.app, queue);
    expect(again?.runAt).toBe(job.runAt);
  });

  test("of another queue are left alone", async () => {
    const queue = uniqueQueue();
    const job = await enqueue(t.app, queue);
    await lease(t.app, queue);
    await expireLease(job.id);
    await lease(t.app, uniqueQueue());
    expect((await getJob(t.app, job.id)).state).toBe("running");
  });
});
