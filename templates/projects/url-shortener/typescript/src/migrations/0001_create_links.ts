import type { Kysely } from "kysely";
import { ID, identity, TIMESTAMP } from "../db/columns.js";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("links")
    .addColumn("id", ID, identity)
    .addColumn("url", "varchar(2048)", (column) => column.notNull())
    // Random codes and aliases share this column: the unique index keeps them apart
    // and settles a race between two requests that pick the same code. Both
    // databases compare text byte for byte here (SQLite's BINARY collation,
    // PostgreSQL's deterministic ones), so `Promo` and `promo` are two codes.
    .addColumn("short_code", "varchar(32)", (column) => column.notNull().unique())
    .addColumn("access_count", "bigint", (column) => column.notNull().defaultTo(0))
    .addColumn("created_at", TIMESTAMP, (column) => column.notNull())
    .addColumn("updated_at", TIMESTAMP, (column) => column.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("links").execute();
}
