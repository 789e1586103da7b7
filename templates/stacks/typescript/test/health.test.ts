import { describe, expect, test } from "vitest";
import { useApp } from "./support/app.js";

describe("health", () => {
  const t = useApp();

  test("/healthz answers while the process is up", async () => {
    const response = await t.app.inject({ method: "GET", url: "/healthz" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });

  test("/readyz answers when the database does", async () => {
    const response = await t.app.inject({ method: "GET", url: "/readyz" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });

  test("/readyz is 503 when the database does not answer", async () => {
    await t.db.destroy();
    const response = await t.app.inject({ method: "GET", url: "/readyz" });
    expect(response.statusCode).toBe(503);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 503, title: "Service Unavailable" });
  });
});
