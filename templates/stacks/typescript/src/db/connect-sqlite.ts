import { Kysely } from "kysely";
import { sqliteDialect } from "./sqlite.js";

/** Opens the SQLite database that DATABASE_URL names. */
export function connect<Schema>(url: string): Kysely<Schema> {
  if (!url.startsWith("sqlite:")) {
    throw new Error(
      `DATABASE_URL must be a sqlite:// URL (this project was generated with --db sqlite), got "${url.split(":")[0]}:…"`,
    );
  }
  return new Kysely<Schema>({ dialect: sqliteDialect(url) });
}
