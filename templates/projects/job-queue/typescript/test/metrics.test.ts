import { describe, expect, test } from "vitest";
import { useApp } from "./support/app.js";
import { enqueue, fromNow, type Json, lease, settle, uniqueQueue } from "./support/jobs.js";

describe("jobqueue_jobs", () => {
  const t = useApp();

  async function jobsByState(): Promise<Record<string, number>> {
    const body = (await t.app.inject({ url: "/metrics" })).body;
    const counts: Record<string, number> = {};
    for (const [, state, value] of body.matchAll(/^jobqueue_jobs\{state="(\w+)"\} (\d+)$/gm)) {
      counts[state as string] = Number(value);
    }
    return counts;
  }

  test("counts the jobs of every queue by state, in the database, when scraped", async () => {
    expect(await jobsByState()).toEqual({
      scheduled: 0,
      available: 0,
      running: 0,
      completed: 0,
      dead: 0,
      cancelled: 0,
    });
    const [first, second] = [uniqueQueue(), uniqueQueue()];
    await enqueue(t.app, first);
    await enqueue(t.app, first, { runAt: fromNow(3600) });
    await enqueue(t.app, second);
    await enqueue(t.app, second);
    const [done] = await lease(t.app, second);
    await settle(t.app, done as Json, "ack");
    await lease(t.app, first);
    // Written behind the API's back, as another replica would: still counted.
    await t.db
      .updateTable("jobs")
      .set({ state: "cancelled" })
      .where("queue", "=", second)
      .where("state", "=", "available")
      .execute();
    expect(await jobsByState()).toEqual({
      scheduled: 1,
      available: 0,
      running: 1,
      completed: 1,
      dead: 0,
      cancelled: 1,
    });
  });

  test("a database that fails leaves the gauge out, not the rest of /metrics", async () => {
    await t.db.destroy();
    const response = await t.app.inject({ url: "/metrics" });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("http_requests_total");
    expect(response.body).not.toMatch(/^jobqueue_jobs\{/m);
  });
});
