import type { ColumnType, Generated } from "kysely";

/** Written as RFC 3339 text; read back as a Date (PostgreSQL) or the text (SQLite). */
export type Timestamp = ColumnType<Date | string, string, string>;

export interface LinksTable {
  /** 64-bit in the database; the API shows 1 to 2^53 − 1 (see http/fields.ts). */
  id: Generated<number>;
  url: string;
  short_code: string;
  /** A bigint, read as a number on both databases (see db/connect.ts). */
  access_count: ColumnType<number, number, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface Database {
  links: LinksTable;
}
