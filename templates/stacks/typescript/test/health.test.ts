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
});
