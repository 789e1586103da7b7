import type { ColumnDefinitionBuilder, Kysely } from "kysely";
import { isPostgres } from "./connect.js";

/**
 * Column types that differ between the dialects, for migrations. Timestamps
 * are `timestamptz(3)` on PostgreSQL and RFC 3339 text on SQLite, whose text
 * sorts and compares in time order because every value has the same shape.
 */
export function timestampType<Schema>(db: Kysely<Schema>): "timestamptz(3)" | "text" {
  return isPostgres(db) ? "timestamptz(3)" : "text";
}

/** An integer primary key that the database numbers. */
export function serialId<Schema>(db: Kysely<Schema>) {
  return (column: ColumnDefinitionBuilder) =>
    isPostgres(db)
      ? column.primaryKey().generatedByDefaultAsIdentity()
      : column.primaryKey().autoIncrement();
}
