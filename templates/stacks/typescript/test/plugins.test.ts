import { sql } from "kysely";
import { describe, expect, test } from "vitest";
import { buildApp } from "../src/app.js";
import { openTestDatabase } from "./support/app.js";
import { testConfig } from "./support/config.js";

describe("the app's plugins", () => {
  test("make the settings and the database it was built with app.config and app.db", async () => {
    const config = testConfig();
    const db = await openTestDatabase();
    const app = await buildApp({ config, db });
    try {
      await app.ready();
      expect(app.config).toBe(config);
      expect(app.db).toBe(db);
    } finally {
      await app.close();
      await db.destroy();
    }
  });

  test("leave the database open when the app closes: its owner closes it", async () => {
    const db = await openTestDatabase();
    const app = await buildApp({ config: testConfig(), db });
    await app.close();
    try {
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await db.destroy();
    }
  });
});
