import type { Kysely } from "kysely";
import { migrations } from "../migrations/index.js";
import { connect } from "./connect.js";
import { migrate } from "./migrate.js";
import type { Database } from "./schema.js";

/** Connects to DATABASE_URL and brings its schema up to date. */
export async function openDatabase(url: string): Promise<Kysely<Database>> {
  const db = connect<Database>(url);
  try {
    await migrate(db, migrations);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}
