import { Kysely, sql } from "kysely";
import { describe, expect, test } from "vitest";
import { sqliteDialect, sqlitePath } from "../src/db/sqlite.js";

describe("SQLite", () => {
  test("reads the path from DATABASE_URL", () => {
    expect(sqlitePath("sqlite:///./data/app.db")).toBe("./data/app.db");
    expect(sqlitePath("sqlite:////var/lib/app.db")).toBe("/var/lib/app.db");
    expect(sqlitePath("sqlite://")).toBe(":memory:");
    expect(() => sqlitePath("sqlite:data.db")).toThrow("must look like sqlite:///./data/app.db");
  });

  test("binds booleans as 1 and 0 instead of crashing the driver", async () => {
    const db = new Kysely<{ flags: { on: number } }>({ dialect: sqliteDialect("sqlite://") });
    await sql`create table flags (on_ integer)`.execute(db);
    await sql`insert into flags values (${true}), (${false})`.execute(db);
    const { rows } = await sql<{ on_: number }>`select on_ from flags order by on_`.execute(db);
    expect(rows).toEqual([{ on_: 0 }, { on_: 1 }]);
    await db.destroy();
  });
});
