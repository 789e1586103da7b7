import type { ColumnType, Generated } from "kysely";

/** Written as RFC 3339 text; read back as a Date (PostgreSQL) or the text (SQLite). */
export type Timestamp = ColumnType<Date | string, string, string>;

export interface UsersTable {
  id: Generated<number>;
  /** As typed; a unique index on lower(username) makes it unique without regard to case. */
  username: string;
  password_hash: string;
  created_at: Timestamp;
}

export interface RoomsTable {
  id: Generated<number>;
  name: string;
  /** The name case-folded in the app (see rooms/store.ts); unique. */
  name_key: string;
  created_at: Timestamp;
}

export interface MessagesTable {
  id: Generated<number>;
  room_id: number;
  user_id: number;
  body: string;
  created_at: Timestamp;
}

export interface Database {
  users: UsersTable;
  rooms: RoomsTable;
  messages: MessagesTable;
}
