import type { ColumnDefinitionBuilder } from "kysely";

/**
 * Column types of this project's SQLite schema, for migrations. Timestamps
 * are RFC 3339 text, whose text sorts and compares in time order because
 * every value has the same shape.
 */
export const TIMESTAMP = "text";

/**
 * `INTEGER PRIMARY KEY` is SQLite's rowid: 64-bit, numbered by the database.
 * (A `bigint` primary key would be an ordinary column that is not numbered.)
 */
export const ID = "integer";

/** A column that holds an id: SQLite stores every integer in up to 64 bits. */
export const REFERENCE = "integer";

export function identity(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder {
  return column.primaryKey().autoIncrement();
}
