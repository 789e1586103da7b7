import { sql } from "kysely";
import { describe, expect, test } from "vitest";
import { buildApp } from "../src/app.js";
import { connect } from "../src/db/connect.js";
import type { Database } from "../src/db/schema.js";
import { testConfig } from "./support/config.js";

// In RealWorld's dialect, as every failure (plugins/realworld.ts).
const UNAVAILABLE = { errors: { body: ["the database is unavailable"] } };

// Port 1 on loopback: nothing listens there, so every connection is refused.
async function appOnDeadDatabase() {
  const db = connect<Database>("postgres://app:app@127.0.0.1:1/app_test", {
    poolSize: 2,
    onPoolError: () => {},
  });
  // No first admin: creating it at start-up would need the database.
  const app = await buildApp({ config: testConfig({ admin: undefined }), db });
  app.get("/test-only/query", async () => {
    await sql`select 1`.execute(db);
    return { ok: true };
  });
  return { app, db };
}

describe("an unreachable database", () => {
  test("a route that queries it is a 503 with Retry-After", async () => {
    const { app, db } = await appOnDeadDatabase();
    try {
      for (const url of ["/test-only/query", "/readyz"]) {
        const response = await app.inject({ url });
        expect(response.statusCode, url).toBe(503);
        expect(response.headers["retry-after"]).toBe("5");
        expect(response.headers["content-type"]).toMatch(/^application\/json/);
        expect(response.json()).toEqual(UNAVAILABLE);
      }
    } finally {
      await app.close();
      await db.destroy();
    }
  });
});
