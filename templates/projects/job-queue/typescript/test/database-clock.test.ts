import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, test, vi } from "vitest";
import { useApp } from "./support/app.js";
import { enqueue, getJob, type Json, lease, settle, uniqueQueue } from "./support/jobs.js";

// Further off than any lease in these tests lasts.
const SKEW_MS = 10 * 60_000;

/**
 * Runs `work` as an API replica whose clock is `offsetMs` off would: only
 * `Date` is faked, so timers, sockets and the database run as usual.
 */
async function skewedBy<T>(offsetMs: number, work: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + offsetMs });
  try {
    return await work();
  } finally {
    vi.useRealTimers();
  }
}

const near = (timestamp: string, expected: number) =>
  expect(Math.abs(Date.parse(timestamp) - expected)).toBeLessThan(5_000);

// PostgreSQL serves several API replicas, so lease decisions follow the
// database's clock, never the clock of the replica that happens to answer.
describe("with a server clock minutes off the database's", () => {
  const t = useApp();

  test("a fast one neither takes a job whose worker still holds it nor stretches its lease", async () => {
    const queue = uniqueQueue();
    const job = await enqueue(t.app, queue);
    const [held] = (await lease(t.app, queue, { leaseSeconds: 30 })) as [Json];
    const now = Date.now();
    await skewedBy(SKEW_MS, async () => {
      expect(await lease(t.app, queue, { workerId: "other-worker" })).toEqual([]);
      const beat = await settle(t.app, held, "heartbeat", { leaseSeconds: 30 });
      expect(beat.statusCode, beat.body).toBe(200);
      near(beat.json().leaseExpiresAt, now + 30_000);
    });
    expect(await getJob(t.app, job.id)).toMatchObject({ state: "running", attempts: 1 });
    expect((await settle(t.app, held, "ack")).statusCode).toBe(200);
  });

  test("a slow one still reclaims a lease that ran out", async () => {
    const queue = uniqueQueue();
    const job = await enqueue(t.app, queue);
    const [stale] = (await lease(t.app, queue, { leaseSeconds: 1 })) as [Json];
    await sleep(1_100);
    await skewedBy(-SKEW_MS, async () => {
      expect((await settle(t.app, stale, "heartbeat")).statusCode).toBe(409);
      const [again] = await lease(t.app, queue, { workerId: "other-worker" });
      expect(again).toMatchObject({ id: job.id, attempts: 2, lastError: "lease expired" });
    });
  });

  test("a job enqueued to run now is due now, whichever replica enqueued it", async () => {
    const queue = uniqueQueue();
    const now = Date.now();
    const early = await skewedBy(SKEW_MS, () => enqueue(t.app, queue));
    const late = await skewedBy(-SKEW_MS, () => enqueue(t.app, queue));
    for (const job of [early, late]) {
      expect(job.state).toBe("available");
      near(job.runAt, now);
      near(job.createdAt, now);
    }
    const leased = await lease(t.app, queue, { max: 2 });
    expect(leased.map((job) => job.id).sort()).toEqual([early.id, late.id].sort());
  });
});
