import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";

export interface DatabaseOptions {
  /** At most this many connections at once (DATABASE_POOL_SIZE). */
  poolSize: number;
  /** An idle pooled connection failed (the server restarted, say): the pool replaces it. */
  onPoolError: (error: Error) => void;
}

// int8 (bigint ids, count(*)) arrives as text, since it can exceed 2^53; the
// API's ids and counts stay below Number.MAX_SAFE_INTEGER, so a number is exact.
const INT8 = pg.types.builtins.INT8;
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8 && format !== "binary"
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Opens the PostgreSQL database that DATABASE_URL names. */
export function connect<Schema>(url: string, options: DatabaseOptions): Kysely<Schema> {
  if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
    throw new Error(
      `DATABASE_URL must be a postgres:// URL (this project was generated with --db postgres), got "${url.split(":")[0]}:…"`,
    );
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize,
    types,
    // Waiting longer for a connection (a new one, or a free one from a full
    // pool) than this fails the request with a 503 instead of hanging it.
    connectionTimeoutMillis: 5_000,
    // Set on every connection: no statement holds a connection and its locks for longer.
    statement_timeout: 10_000,
  });
  // Without a listener, an idle client's error (a database restart) is an
  // unhandled 'error' event, which ends the process.
  pool.on("error", options.onPoolError);
  return new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
}
