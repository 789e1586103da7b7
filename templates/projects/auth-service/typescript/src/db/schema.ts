import type { ColumnType, Generated } from "kysely";

/** Written as RFC 3339 text; read back as a Date (PostgreSQL) or the text (SQLite). */
export type Timestamp = ColumnType<Date | string, string, string>;
/** A timestamp that stays null until something happens. */
export type NullableTimestamp = ColumnType<Date | string | null, string | null | undefined, string>;

export interface UsersTable {
  id: Generated<number>;
  /** Stored lower-cased: the unique index then makes emails unique without regard to case. */
  email: string;
  name: string;
  password_hash: string;
  /** "user" or "admin" (a check constraint holds the column to those). */
  role: string;
  created_at: Timestamp;
}

/** Every refresh token descended from one login. */
export interface TokenFamiliesTable {
  id: Generated<number>;
  user_id: number;
  created_at: Timestamp;
  revoked_at: NullableTimestamp;
}

export interface RefreshTokensTable {
  id: Generated<number>;
  family_id: number;
  /** The SHA-256 of the token in hex: the token itself is never stored. */
  token_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  spent_at: NullableTimestamp;
}

export interface Database {
  users: UsersTable;
  token_families: TokenFamiliesTable;
  refresh_tokens: RefreshTokensTable;
}
