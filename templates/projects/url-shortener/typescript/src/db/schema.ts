import type { ColumnType, Generated } from "kysely";

/** Written as RFC 3339 text; read back as a Date (PostgreSQL) or the text (SQLite). */
export type Timestamp = ColumnType<Date | string, string, string>;

export interface LinksTable {
  id: Generated<number>;
  url: string;
  short_code: string;
  /** A bigint: the pg driver reads it as a string, SQLite as a number. */
  access_count: ColumnType<number | string, number, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface Database {
  links: LinksTable;
}
