import { describe, expect, test } from "vitest";
import { useApp } from "./support/app.js";
import { deadRedisUrl, REDIS_URL } from "./support/redis.js";

describe("health", () => {
  const t = useApp();

  test("/healthz answers while the process is up", async () => {
    const response = await t.app.inject({ method: "GET", url: "/healthz" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });

  test.skipIf(!REDIS_URL)("/readyz answers when the database and Redis do", async () => {
    const response = await t.app.inject({ method: "GET", url: "/readyz" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });
});

describe("health without Redis", () => {
  const t = useApp({ redisUrl: deadRedisUrl });

  test("/readyz is 503 while Redis is unreachable, and /healthz stays 200", async () => {
    const ready = await t.app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(503);
    expect(ready.headers["retry-after"]).toBe("5");
    expect(ready.json().detail).toBe("the message broker is unavailable");
    const live = await t.app.inject({ method: "GET", url: "/healthz" });
    expect(live.statusCode).toBe(200);
  });

  test("/pipeline/stats is 503 problem+json, and orders are still taken", async () => {
    const stats = await t.app.inject({ method: "GET", url: "/pipeline/stats" });
    expect(stats.statusCode).toBe(503);
    expect(stats.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(stats.json().detail).toBe("the message broker is unavailable");
    const placed = await t.app.inject({
      method: "POST",
      url: "/orders",
      payload: { customerEmail: "a@example.com", items: [{ sku: "s-1", quantity: 1 }] },
    });
    expect(placed.statusCode).toBe(202);
  });
});
