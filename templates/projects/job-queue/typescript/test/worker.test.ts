import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, test } from "vitest";
import { type Lease, LeaseLostError, type QueueApi, QueueClient } from "../src/worker/client.js";
import { loadWorkerConfig } from "../src/worker/config.js";
import { HandlerRegistry, registry } from "../src/worker/handlers.js";
import { jsonLog } from "../src/worker/log.js";
import { Worker, type WorkerOptions } from "../src/worker/runner.js";
import { startApp, stopApp, type TestApp } from "./support/app.js";
import { enqueue, getJob, uniqueQueue } from "./support/jobs.js";

/** An API in memory: hands out `waiting` and records what the worker reports. */
class FakeApi implements QueueApi {
  waiting: Lease[] = [];
  acks: [string, unknown][] = [];
  nacks: [string, string][] = [];
  heartbeats: string[] = [];
  lost = new Set<string>();
  leaseFailures = 0;

  add(type: string, payload: Record<string, unknown> = {}): Lease {
    const lease = {
      jobId: `job-${this.waiting.length + this.acks.length}`,
      type,
      payload,
      attempts: 1,
      token: "t",
    };
    this.waiting.push(lease);
    return lease;
  }

  async lease(_queue: string, _workerId: string, _seconds: number, max: number) {
    if (this.leaseFailures > 0) {
      this.leaseFailures -= 1;
      throw new Error("connection refused");
    }
    return this.waiting.splice(0, max);
  }

  async heartbeat(lease: Lease) {
    this.heartbeats.push(lease.jobId);
    if (this.lost.has(lease.jobId)) {
      throw new LeaseLostError("gone");
    }
  }

  async ack(lease: Lease, result: unknown) {
    this.acks.push([lease.jobId, result]);
  }

  async nack(lease: Lease, error: string) {
    this.nacks.push([lease.jobId, error]);
  }
}

const OPTIONS: WorkerOptions = {
  queue: "default",
  workerId: "test",
  concurrency: 2,
  leaseSeconds: 30,
  pollSeconds: 0.01,
  shutdownSeconds: 1,
  log: () => {},
};

async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error("timed out waiting");
    }
    await sleep(5);
  }
}

describe("the handler registry", () => {
  test("lists the example job types, sorted", () => {
    expect(registry.types()).toEqual(["echo", "fail", "sleep"]);
  });

  test("refuses a second handler for one type", () => {
    const handlers = new HandlerRegistry().register("a", () => 1);
    expect(() => handlers.register("a", () => 2)).toThrow(/already registered/);
  });

  test("the examples echo, sleep and fail", async () => {
    const context = { jobId: "j", attempts: 1, signal: new AbortController().signal };
    expect(await registry.get("echo")?.({ a: 1 }, context)).toEqual({ a: 1 });
    expect(await registry.get("sleep")?.({ seconds: 0.01 }, context)).toEqual({ slept: 0.01 });
    await expect(async () => registry.get("sleep")?.({ seconds: "1" }, context)).rejects.toThrow(
      /seconds must be a number/,
    );
    await expect(async () => registry.get("fail")?.({ message: "no" }, context)).rejects.toThrow(
      "no",
    );
  });
});

describe("the worker", () => {
  test("acks results, nacks failures and unknown types, then stops", async () => {
    const api = new FakeApi();
    api.add("echo", { x: 1 });
    api.add("fail", { message: "broken" });
    api.add("mystery");
    const worker = new Worker(api, registry, OPTIONS);
    const running = worker.run();
    await until(() => api.acks.length + api.nacks.length === 3);
    worker.stop();
    await running;
    expect(api.acks).toEqual([["job-0", { x: 1 }]]);
    expect(api.nacks).toEqual([
      ["job-1", "Error: broken"],
      ["job-2", 'Error: no handler for job type "mystery"'],
    ]);
  });

  test("runs at most `concurrency` jobs at once", async () => {
    const api = new FakeApi();
    let active = 0;
    let most = 0;
    const handlers = new HandlerRegistry().register("slow", async () => {
      active += 1;
      most = Math.max(most, active);
      await sleep(20);
      active -= 1;
    });
    for (let i = 0; i < 6; i += 1) {
      api.add("slow");
    }
    const worker = new Worker(api, handlers, OPTIONS);
    const running = worker.run();
    await until(() => api.acks.length === 6);
    worker.stop();
    await running;
    expect(most).toBe(2);
  });

  test("keeps polling when the API is unreachable", async () => {
    const api = new FakeApi();
    api.leaseFailures = 3;
    api.add("echo");
    const worker = new Worker(api, registry, OPTIONS);
    const running = worker.run();
    await until(() => api.acks.length === 1);
    worker.stop();
    await running;
  });

  test("heartbeats a long job, and gives it up when its lease is lost", async () => {
    const api = new FakeApi();
    let aborted = false;
    const handlers = new HandlerRegistry().register("long", async (_payload, { signal }) => {
      await sleep(5000, undefined, { signal }).catch(() => {
        aborted = signal.aborted;
      });
    });
    const lease = api.add("long");
    const worker = new Worker(api, handlers, { ...OPTIONS, leaseSeconds: 0.03 });
    const running = worker.run();
    await until(() => api.heartbeats.length >= 2);
    api.lost.add(lease.jobId);
    await until(() => aborted);
    worker.stop();
    await running;
    // Another worker may hold the job now: this one reports nothing.
    expect(api.acks).toEqual([]);
    expect(api.nacks).toEqual([]);
  });

  test("on stop, lets running jobs finish within the grace period", async () => {
    const api = new FakeApi();
    api.add("sleep", { seconds: 0.1 });
    const worker = new Worker(api, registry, OPTIONS);
    const running = worker.run();
    await until(() => api.waiting.length === 0);
    worker.stop();
    await running;
    expect(api.acks).toEqual([["job-0", { slept: 0.1 }]]);
    expect(api.nacks).toEqual([]);
  });

  test("on stop, nacks what is still running after the grace period", async () => {
    const api = new FakeApi();
    api.add("sleep", { seconds: 60 });
    const worker = new Worker(api, registry, { ...OPTIONS, shutdownSeconds: 0.05 });
    const running = worker.run();
    await until(() => api.waiting.length === 0);
    const stopped = Date.now();
    worker.stop();
    await running;
    expect(Date.now() - stopped).toBeLessThan(1000);
    expect(api.nacks).toEqual([["job-0", "worker shutting down"]]);
    expect(api.acks).toEqual([]);
  });
});

describe("the worker against the API", () => {
  let t: TestApp | undefined;

  afterEach(async () => {
    if (t) {
      await stopApp(t);
    }
  });

  test("completes and fails real jobs over HTTP", async () => {
    t = await startApp({ retryBaseSeconds: 0, retryMaxSeconds: 0 });
    await t.app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = t.app.server.address() as AddressInfo;
    const queue = uniqueQueue("worker");
    const echo = await enqueue(t.app, queue, { type: "echo", payload: { n: 1 } });
    const failing = await enqueue(t.app, queue, { type: "fail", payload: {}, maxAttempts: 2 });
    const client = new QueueClient(`http://127.0.0.1:${port}/`);
    const worker = new Worker(client, registry, { ...OPTIONS, queue });
    const running = worker.run();
    const app = t.app;
    const settled = async () =>
      (await getJob(app, echo.id)).state === "completed" &&
      (await getJob(app, failing.id)).state === "dead";
    const deadline = Date.now() + 5000;
    while (!(await settled()) && Date.now() < deadline) {
      await sleep(20);
    }
    worker.stop();
    await running;
    expect(await getJob(app, echo.id)).toMatchObject({ state: "completed", result: { n: 1 } });
    expect(await getJob(app, failing.id)).toMatchObject({
      state: "dead",
      attempts: 2,
      lastError: "Error: this job always fails",
    });
  });
  test("on stop (SIGTERM), a job that cannot finish in time is nacked: the attempt counts", async () => {
    t = await startApp({ retryBaseSeconds: 60, retryMaxSeconds: 60 });
    await t.app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = t.app.server.address() as AddressInfo;
    const queue = uniqueQueue("shutdown");
    const long = await enqueue(t.app, queue, {
      type: "sleep",
      payload: { seconds: 60 },
      maxAttempts: 3,
    });
    const client = new QueueClient(`http://127.0.0.1:${port}`);
    const worker = new Worker(client, registry, { ...OPTIONS, queue, shutdownSeconds: 0.1 });
    const running = worker.run();
    const app = t.app;
    const deadline = Date.now() + 3000;
    while ((await getJob(app, long.id)).state !== "running" && Date.now() < deadline) {
      await sleep(10);
    }
    worker.stop();
    await running;
    expect(await getJob(app, long.id)).toMatchObject({
      state: "scheduled",
      attempts: 1,
      lastError: "worker shutting down",
      leaseExpiresAt: null,
    });
  });
});

describe("the worker's log", () => {
  test("is JSON lines, like the server's", () => {
    let text = "";
    const log = jsonLog("info", {
      write: (chunk: string) => {
        text += chunk;
      },
    });
    log("warn", "job 7: heartbeat failed");
    log("info", "worker stopped");
    const lines = text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines).toMatchObject([
      { level: "warn", msg: "job 7: heartbeat failed", process: "worker" },
      { level: "info", msg: "worker stopped" },
    ]);
    expect(Date.parse(lines[0].time)).not.toBeNaN();
  });
});

describe("the worker's settings", () => {
  test("have defaults", () => {
    expect(loadWorkerConfig({})).toMatchObject({
      apiUrl: "http://127.0.0.1:8080",
      queue: "default",
      workerId: expect.stringMatching(/-\d+$/),
      concurrency: 4,
      leaseSeconds: 30,
      pollSeconds: 1,
      shutdownSeconds: 8,
    });
    expect(loadWorkerConfig({ PORT: "9000" }).apiUrl).toBe("http://127.0.0.1:9000");
    expect(loadWorkerConfig({ API_URL: "http://api:1", PORT: "9000" }).apiUrl).toBe("http://api:1");
  });

  test.each([
    [{ WORKER_QUEUE: "no spaces" }, /WORKER_QUEUE/],
    [{ WORKER_QUEUE: ".." }, /WORKER_QUEUE/],
    [{ WORKER_CONCURRENCY: "0" }, /WORKER_CONCURRENCY/],
    [{ WORKER_LEASE_SECONDS: "2" }, /WORKER_LEASE_SECONDS/],
    [{ WORKER_POLL_SECONDS: "0.5" }, /WORKER_POLL_SECONDS/],
    [{ PORT: "http" }, /PORT/],
  ])("refuse %j", (env, message) => {
    expect(() => loadWorkerConfig(env)).toThrow(message);
  });
});
