import { createServer } from "node:net";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { REDIS_TIMEOUT_MS, RedisStore } from "../src/cache/redis.js";
import { startApp, stopApp } from "./support/app.js";
import { FakeProvider } from "./support/provider.js";

const REDIS_URL = process.env.REDIS_URL;

/** An address where nothing listens, standing for a Redis that is down. */
async function deadRedisUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `redis://127.0.0.1:${port}/0`;
}

describe.skipIf(!REDIS_URL)("the Redis cache (REDIS_URL; docker compose up -d redis)", () => {
  const prefix = `test:${crypto.randomUUID()}:`;
  let store: RedisStore;
  const inspector = createClient({ url: REDIS_URL });

  beforeAll(async () => {
    store = new RedisStore(REDIS_URL ?? "", prefix);
    await store.connected();
    await inspector.connect();
  });

  afterAll(async () => {
    await store.close();
    inspector.destroy();
  });

  test("keeps a value with its expiry set in Redis", async () => {
    await store.set("k", "v", 2_000);
    expect(await store.get("k")).toBe("v");
    const ttl = await inspector.pTTL(`${prefix}k`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(2_000);
    expect(await store.get("missing")).toBeUndefined();
  });

  test("forgets a value when Redis expires it", async () => {
    await store.set("short", "v", 50);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await store.get("short")).toBeUndefined();
  });

  test("answers a ping", async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });
});

describe("a Redis that is down", () => {
  test("makes every command fail in time, never hang", async () => {
    const store = new RedisStore(await deadRedisUrl(), "test:");
    try {
      const started = performance.now();
      await expect(store.get("k")).rejects.toThrow();
      await expect(store.set("k", "v", 60_000)).rejects.toThrow();
      await expect(store.ping()).rejects.toThrow();
      expect(performance.now() - started).toBeLessThan(3 * REDIS_TIMEOUT_MS);
    } finally {
      await store.close();
    }
  });

  test("never fails a request: the provider answers, and /readyz says 503", async () => {
    const provider = await new FakeProvider().start();
    const t = await startApp({
      redisUrl: await deadRedisUrl(),
      geocodingApiUrl: provider.geocodingUrl,
      weatherApiUrl: provider.weatherUrl,
    });
    try {
      for (let i = 0; i < 2; i += 1) {
        const response = await t.app.inject({ url: "/weather/current?city=Paris" });
        expect(response.statusCode, response.body).toBe(200);
        expect(response.headers["x-cache"]).toBe("MISS");
      }
      const ready = await t.app.inject({ url: "/readyz" });
      expect(ready.statusCode).toBe(503);
      expect(ready.headers["retry-after"]).toBe("5");
      expect(ready.json().detail).toBe("the cache is unavailable");
      expect((await t.app.inject({ url: "/healthz" })).statusCode).toBe(200);
    } finally {
      await stopApp(t);
      await provider.stop();
    }
  });
});
