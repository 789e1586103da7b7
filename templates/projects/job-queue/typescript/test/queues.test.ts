import { beforeEach, describe, expect, test } from "vitest";
import { STATES } from "../src/jobs/states.js";
import { useApp } from "./support/app.js";
import { enqueue, fieldErrors, fromNow, lease, settle, uniqueQueue } from "./support/jobs.js";

describe("queue stats and listing", () => {
  const t = useApp();
  const queue = "mixed";
  let ids: Record<string, Set<string>>;

  /** Three available jobs and one in every other state. */
  beforeEach(async () => {
    const cancelled = await enqueue(t.app, queue);
    await t.app.inject({ method: "POST", url: `/jobs/${cancelled.id}/cancel` });
    await enqueue(t.app, queue, { priority: 10 });
    await enqueue(t.app, queue, { priority: 9 });
    await enqueue(t.app, queue, { priority: 8, maxAttempts: 1 });
    const [completed, running, dead] = (await lease(t.app, queue, { max: 3 })) as [
      { id: string },
      { id: string },
      { id: string },
    ];
    await settle(t.app, completed, "ack");
    await settle(t.app, dead, "nack", { error: "gone" });
    const available = new Set<string>();
    for (let i = 0; i < 3; i += 1) {
      available.add((await enqueue(t.app, queue)).id);
    }
    const scheduled = await enqueue(t.app, queue, { runAt: fromNow(3600) });
    ids = {
      available,
      scheduled: new Set([scheduled.id]),
      running: new Set([running.id]),
      completed: new Set([completed.id]),
      dead: new Set([dead.id]),
      cancelled: new Set([cancelled.id]),
    };
  });

  test("stats count each state", async () => {
    const response = await t.app.inject({ method: "GET", url: `/queues/${queue}/stats` });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual(
      Object.fromEntries(STATES.map((state) => [state, ids[state]?.size])),
    );
  });

  test("stats of an unused queue are zero; a bad name is 400", async () => {
    const response = await t.app.inject({ method: "GET", url: `/queues/${uniqueQueue()}/stats` });
    expect(response.json()).toEqual(Object.fromEntries(STATES.map((state) => [state, 0])));
    const bad = await t.app.inject({ method: "GET", url: "/queues/.../stats" });
    expect(fieldErrors(bad).map(([field]) => field)).toEqual(["queue"]);
  });

  test.each(STATES)("the list filters by state %s", async (state) => {
    const response = await t.app.inject({
      method: "GET",
      url: `/queues/${queue}/jobs?state=${state}`,
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ page: 1, limit: 10, total: ids[state]?.size });
    expect(new Set(body.data.map((job: { id: string }) => job.id))).toEqual(ids[state]);
    for (const job of body.data) {
      expect(job).toMatchObject({ queue, state });
    }
  });

  test("pages go through every job once, oldest first", async () => {
    const everything = Object.values(ids).flatMap((set) => [...set]);
    const seen: { id: string; createdAt: string }[] = [];
    for (const page of [1, 2, 3]) {
      const response = await t.app.inject({
        method: "GET",
        url: `/queues/${queue}/jobs?page=${page}&limit=3`,
      });
      const body = response.json();
      expect(body).toMatchObject({ page, limit: 3, total: everything.length });
      seen.push(...body.data);
    }
    expect(new Set(seen.map((job) => job.id))).toEqual(new Set(everything));
    expect(seen.map((job) => job.createdAt)).toEqual(seen.map((job) => job.createdAt).sort());
    const past = await t.app.inject({ method: "GET", url: `/queues/${queue}/jobs?page=4&limit=3` });
    expect(past.json()).toMatchObject({ data: [], total: everything.length });
  });

  test.each([
    ["state=sleeping", "state"],
    ["page=0", "page"],
    ["page=first", "page"],
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=1.5", "limit"],
  ])("the list refuses %s", async (query, field) => {
    const response = await t.app.inject({ method: "GET", url: `/queues/${queue}/jobs?${query}` });
    expect(fieldErrors(response).map(([name]) => name)).toContain(field);
  });
});
