import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

/**
 * Runs `work` in one READ COMMITTED transaction: the conditional updates take
 * row locks, and the unique indexes (idempotency keys, one live payment per
 * order) make a concurrent twin wait for the first to commit, then fail.
 * Commits what `work` returns; rolls back whatever it throws.
 */
export function writeTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(work);
}
