import { type Kysely, sql } from "kysely";
import type { Database } from "./schema.js";

/**
 * Runs `work` in one writing transaction that takes SQLite's write lock up
 * front (BEGIN IMMEDIATE): two checkouts, or a request and its twin with the
 * same Idempotency-Key, run one after the other, never interleaved, also
 * across processes (the busy timeout makes the second wait). Commits what
 * `work` returns; rolls back whatever it throws.
 */
export function writeTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    let result: T;
    try {
      result = await work(connection);
    } catch (error) {
      try {
        await sql`rollback`.execute(connection);
      } catch {
        // SQLite already rolled it back (a failed statement can end the transaction).
      }
      throw error;
    }
    await sql`commit`.execute(connection);
    return result;
  });
}
