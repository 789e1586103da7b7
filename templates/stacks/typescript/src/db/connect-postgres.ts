import { Kysely, PostgresAdapter, PostgresDialect } from "kysely";
import pg from "pg";
import { sqliteDialect } from "./sqlite.js";

/** Opens the database that DATABASE_URL names: PostgreSQL, or SQLite for tests and quick starts. */
export function connect<Schema>(url: string): Kysely<Schema> {
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    return new Kysely<Schema>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 10 }) }),
    });
  }
  if (url.startsWith("sqlite:")) {
    return new Kysely<Schema>({ dialect: sqliteDialect(url) });
  }
  throw new Error(
    `DATABASE_URL must be a postgres:// or sqlite:// URL, got "${url.split(":")[0]}:…"`,
  );
}

export function isPostgres<Schema>(db: Kysely<Schema>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
