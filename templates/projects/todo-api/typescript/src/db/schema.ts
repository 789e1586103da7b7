import type { ColumnType, Generated } from "kysely";

/** Written as RFC 3339 text; read back as a Date (PostgreSQL) or the text (SQLite). */
export type Timestamp = ColumnType<Date | string, string, string>;

export interface UsersTable {
  id: Generated<number>;
  name: string;
  email: string;
  password_hash: string;
  created_at: Timestamp;
}

export interface TodosTable {
  id: Generated<number>;
  user_id: number;
  title: string;
  description: string;
  /** `title.toLowerCase()`: what `?q=` searches, the same on both databases. */
  title_folded: string;
  description_folded: string;
  /** A boolean on PostgreSQL, 0 or 1 on SQLite. */
  completed: ColumnType<boolean | number, boolean, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface Database {
  users: UsersTable;
  todos: TodosTable;
}
