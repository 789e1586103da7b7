import type { ColumnType, Generated } from "kysely";

/** Written as RFC 3339 text; read back as a Date (PostgreSQL) or the text (SQLite). */
export type Timestamp = ColumnType<Date | string, string, string>;

export interface UsersTable {
  id: Generated<number>;
  /** As typed. */
  username: string;
  /** The username case-folded (see case.ts); unique, so usernames are unique without regard to case. */
  username_key: string;
  password_hash: string;
  created_at: Timestamp;
}

export interface RoomsTable {
  id: Generated<number>;
  name: string;
  /** The name case-folded (see case.ts); unique. */
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
