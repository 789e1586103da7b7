import type { ColumnType, Generated } from "kysely";

/** Written as RFC 3339 text; read back as a Date (PostgreSQL) or the text (SQLite). */
export type Timestamp = ColumnType<Date | string, string, string>;

/** What the table stores; `scheduled` is never stored (see jobs/states.ts). */
export type StoredState = "available" | "running" | "completed" | "dead" | "cancelled";

export interface JobsTable {
  /** Creation order, the last tie-break of the lease order; never shown. */
  seq: Generated<number>;
  /** The public id, a random UUID. */
  id: string;
  queue: string;
  type: string;
  /** JSON text, kept exactly as encoded (see the migration). */
  payload: string;
  state: StoredState;
  priority: number;
  attempts: number;
  max_attempts: number;
  run_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_error: string | null;
  /** JSON text, or null when the job has no result. */
  result: string | null;
  lease_token: string | null;
  lease_expires_at: Timestamp | null;
  /** Not in the API's job: tells an operator reading the table who holds (or held) it. */
  leased_by: string | null;
}

export interface IdempotencyKeysTable {
  queue: string;
  key: string;
  /** SHA-256 of the request body with defaults filled in. */
  fingerprint: string;
  job_id: string;
  created_at: Timestamp;
}

export interface Database {
  jobs: JobsTable;
  idempotency_keys: IdempotencyKeysTable;
}
