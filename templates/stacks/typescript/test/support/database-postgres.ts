import { type Kysely, sql } from "kysely";
import type { DatabaseOptions } from "../../src/db/connect.js";

/**
 * The tests empty every table of their database before each test, so they
 * run only on a database that says it is for tests: TEST_DATABASE_URL, whose
 * name ends in `_test`. DATABASE_URL (the one `make run` and .env use) is
 * never read here. Checked before connecting: a refused URL is never touched.
 */
export function testDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.TEST_DATABASE_URL?.trim();
  if (!url) {
    throw new Error(
      "TEST_DATABASE_URL is not set: the tests reset their database, so they never use DATABASE_URL. Point it at a throwaway database whose name ends in _test, e.g. TEST_DATABASE_URL=postgres://app:app@localhost:5432/app_test make test",
    );
  }
  let name = "";
  try {
    name = decodeURIComponent(new URL(url).pathname.slice(1));
  } catch {
    // Not a URL at all: no name, refused below.
  }
  if (!name.endsWith("_test")) {
    throw new Error(
      `refusing to reset database "${name}" from TEST_DATABASE_URL: its name must end in _test, so that no development or production database is ever wiped`,
    );
  }
  return url;
}

/** A small pool per test app; an idle connection's failure fails the test that is running. */
export const TEST_DATABASE_OPTIONS: DatabaseOptions = {
  poolSize: 5,
  onPoolError: (error) => {
    throw error;
  },
};

/** Removes every row the tests wrote, keeping the schema and its migrations. */
export async function emptyTables<Schema>(db: Kysely<Schema>): Promise<void> {
  const tables = (await db.introspection.getTables())
    .map((table) => table.name)
    .filter((name) => !name.startsWith("kysely_"));
  if (tables.length > 0) {
    const names = sql.join(tables.map((name) => sql.table(name)));
    await sql`truncate table ${names} restart identity cascade`.execute(db);
  }
}
