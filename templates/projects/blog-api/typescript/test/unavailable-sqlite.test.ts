import { describe, expect, test } from "vitest";
import { useApp } from "./support/app.js";

// SQLite is a file: it is "unavailable" when another process holds the write
// lock past the busy timeout, or the file cannot be opened or written.
describe("an unavailable database", () => {
  const t = useApp();

  test.each(["SQLITE_BUSY", "SQLITE_CANTOPEN", "SQLITE_READONLY_DBMOVED"])(
    "%s is a 503 the client may retry",
    async (code) => {
      t.app.get("/test-only/query", async () => {
        throw Object.assign(new Error("database is locked"), { code });
      });
      const response = await t.app.inject({ url: "/test-only/query" });
      expect(response.statusCode).toBe(503);
      expect(response.headers["retry-after"]).toBe("5");
      expect(response.headers["content-type"]).toMatch(/^application\/json/);
      expect(response.json()).toEqual({ errors: { body: ["the database is unavailable"] } });
    },
  );

  test("any other error is still a 500", async () => {
    t.app.get("/test-only/query", async () => {
      throw Object.assign(new Error("no such table: x"), { code: "SQLITE_ERROR" });
    });
    expect((await t.app.inject({ url: "/test-only/query" })).statusCode).toBe(500);
  });

  test("/readyz is 503 once the database is gone", async () => {
    await t.db.destroy();
    const response = await t.app.inject({ url: "/readyz" });
    expect(response.statusCode).toBe(503);
    expect(response.headers["retry-after"]).toBe("5");
    expect(response.json()).toEqual({ errors: { body: ["the database is unavailable"] } });
  });
});
