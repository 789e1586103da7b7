import type { FastifyInstance } from "fastify";
import { type Kysely, sql } from "kysely";
import { afterEach, beforeEach } from "vitest";
import { buildApp } from "../../src/app.js";
import type { Config } from "../../src/config.js";
import { isPostgres } from "../../src/db/connect.js";
import { openDatabase } from "../../src/db/open.js";
import type { Database } from "../../src/db/schema.js";
import { testConfig } from "./config.js";

export interface TestApp {
  app: FastifyInstance;
  db: Kysely<Database>;
}

/** Removes every row the tests wrote, keeping the schema and its migrations. */
async function emptyTables(db: Kysely<Database>): Promise<void> {
  const tables = (await db.introspection.getTables())
    .map((table) => table.name)
    .filter((name) => !name.startsWith("kysely_"));
  if (tables.length === 0) {
    return;
  }
  if (isPostgres(db)) {
    const names = sql.join(tables.map((name) => sql.table(name)));
    await sql`truncate table ${names} restart identity cascade`.execute(db);
  } else {
    for (const name of tables) {
      await sql`delete from ${sql.table(name)}`.execute(db);
    }
  }
}

/**
 * An app on a database of its own: a private in-memory SQLite database, or
 * the PostgreSQL that DATABASE_URL names, emptied first (its test files then
 * run one at a time, see vitest.config.ts).
 */
export async function startApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const databaseUrl = process.env.DATABASE_URL ?? "sqlite://";
  const db = await openDatabase(databaseUrl);
  if (process.env.DATABASE_URL) {
    await emptyTables(db);
  }
  const app = await buildApp({ config: testConfig({ databaseUrl, ...overrides }), db });
  return { app, db };
}

export async function stopApp({ app, db }: TestApp): Promise<void> {
  await app.close();
  await db.destroy();
}

/** A fresh app for every test of the file: `const t = useApp(); … t.app.inject(…)`. */
export function useApp(overrides: Partial<Config> = {}): TestApp {
  const current = {} as TestApp;
  beforeEach(async () => {
    Object.assign(current, await startApp(overrides));
  });
  afterEach(async () => {
    await stopApp(current);
  });
  return current;
}
