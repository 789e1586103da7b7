/**
 * Idempotency keys: a retried checkout or payment with the same key and body
 * answers the first one's result, and never orders or charges twice, even
 * when both copies arrive at once.
 *
 * The key is a row, unique on (user, scope, key), inserted FIRST in the
 * transaction that does the work (the claim) and pointed at the result
 * before it commits. A twin that arrives meanwhile meets the unique index:
 * on SQLite it waits for the write lock and then finds the row; on
 * PostgreSQL its insert waits for the first transaction and fails, so it
 * starts again once and finds the row. A claim whose work failed (409, say)
 * is rolled back with it, so the twin does the work itself.
 */

import { createHmac } from "node:crypto";
import type { Kysely } from "kysely";
import { isUniqueViolation } from "../db/errors.js";
import type { Database } from "../db/schema.js";
import { writeTransaction } from "../db/transaction.js";
import { badRequest, conflict, HttpProblem } from "../http/problems.js";
import { now } from "../timestamps.js";

/** How long a key is remembered; an older one counts as new. */
export const KEY_LIFETIME_MS = 24 * 3600 * 1000;
export const MAX_KEY_LENGTH = 255;

/** JSON with every object's keys sorted and no whitespace: one text per value. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(",")}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * Hex HMAC-SHA256 of the canonical body (an empty body is `{}`), keyed with a
 * server secret: a payment's fingerprint cannot be brute-forced back to the
 * card number it was made from.
 */
export function fingerprint(secret: string, body: unknown): string {
  return createHmac("sha256", secret)
    .update(canonicalJson(body ?? {}))
    .digest("hex");
}

/** The `Idempotency-Key` header: 1 to 255 characters, else a 400 naming it. */
export function readKey(header: string | string[] | undefined): string {
  const key = Array.isArray(header) ? header[0] : header;
  if (key === undefined || key === "") {
    throw badRequest("Idempotency-Key", "is required");
  }
  if ([...key].length > MAX_KEY_LENGTH) {
    throw badRequest("Idempotency-Key", `must be at most ${MAX_KEY_LENGTH} characters`);
  }
  return key;
}

export interface Claim {
  userId: number;
  /** The endpoint: `POST /orders`, `POST /orders/7/payments`. */
  scope: string;
  key: string;
  fingerprint: string;
}

export interface Outcome {
  /** The order or payment the key stands for. */
  id: number;
  /** True when an earlier request made it (answer 200), false when this one did (201). */
  replayed: boolean;
}

/** The claim's row was inserted by a concurrent twin whose transaction committed first. */
class KeyTaken extends Error {}

/**
 * Runs `work` once per key: inside one transaction with the key's claim, or
 * not at all when the key already stands for a result (which is returned).
 * `work` gets the transaction and returns the id of what it made.
 */
export async function idempotent(
  db: Kysely<Database>,
  claim: Claim,
  work: (trx: Kysely<Database>) => Promise<number>,
): Promise<Outcome> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await writeTransaction(db, (trx) => claimAndWork(trx, claim, work));
    } catch (error) {
      if (!(error instanceof KeyTaken)) {
        throw error;
      }
      if (attempt > 0) {
        throw conflict("a request with this Idempotency-Key is still being processed");
      }
      // The twin committed: the next attempt finds its row and answers with it.
    }
  }
}

async function claimAndWork(
  trx: Kysely<Database>,
  claim: Claim,
  work: (trx: Kysely<Database>) => Promise<number>,
): Promise<Outcome> {
  const expired = new Date(Date.now() - KEY_LIFETIME_MS).toISOString();
  await trx.deleteFrom("idempotency_keys").where("created_at", "<", expired).execute();
  const found = await trx
    .selectFrom("idempotency_keys")
    .select(["fingerprint", "resource_id"])
    .where("user_id", "=", claim.userId)
    .where("scope", "=", claim.scope)
    .where("key", "=", claim.key)
    .executeTakeFirst();
  if (found) {
    if (found.fingerprint !== claim.fingerprint) {
      throw new HttpProblem(422, "this Idempotency-Key was already used with another request body");
    }
    if (found.resource_id === null) {
      throw conflict("a request with this Idempotency-Key is still being processed");
    }
    return { id: Number(found.resource_id), replayed: true };
  }
  try {
    await trx
      .insertInto("idempotency_keys")
      .values({
        user_id: claim.userId,
        scope: claim.scope,
        key: claim.key,
        fingerprint: claim.fingerprint,
        resource_id: null,
        created_at: now(),
      })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new KeyTaken();
    }
    throw error;
  }
  const id = await work(trx);
  await trx
    .updateTable("idempotency_keys")
    .set({ resource_id: id })
    .where("user_id", "=", claim.userId)
    .where("scope", "=", claim.scope)
    .where("key", "=", claim.key)
    .execute();
  return { id, replayed: false };
}
