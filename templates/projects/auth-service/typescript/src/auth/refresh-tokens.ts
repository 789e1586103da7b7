/**
 * Refresh tokens: opaque, stored only as hashes, rotated on every use.
 *
 * A token is 32 random bytes. It only ever comes back to this service, so it
 * needs no signature, and with 256 bits of entropy a fast hash is enough: the
 * database keeps the SHA-256, and a leaked table yields no usable token.
 *
 * Spending a token is one conditional UPDATE … RETURNING: of two requests
 * racing with the same token, exactly one gets the row. A token presented
 * after it was spent means that two parties hold copies, and the server cannot
 * tell which is the rightful one, so the whole family is revoked.
 *
 * These functions take the transaction of the request that uses them, so a
 * request either happens completely or not at all.
 */

import { createHash, randomBytes } from "node:crypto";
import type { Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import { now } from "../timestamps.js";
import type { IssuedToken } from "./tokens.js";

export const TOKEN_BYTES = 32;

export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

type Trx = Transaction<Database>;

/** A new login: the first token of a new family. */
export async function startFamily(
  trx: Trx,
  userId: number,
  ttlSeconds: number,
): Promise<IssuedToken> {
  const family = await trx
    .insertInto("token_families")
    .values({ user_id: userId, created_at: now() })
    .returning("id")
    .executeTakeFirstOrThrow();
  return issue(trx, family.id, ttlSeconds);
}

export interface Rotation {
  /** The user the family belongs to. */
  userId: number;
  refresh: IssuedToken;
}

/**
 * Spends `token` for the next one of its family; undefined if it is unknown,
 * expired, revoked or already spent. A spent one revokes its family, which
 * the caller commits all the same.
 */
export async function rotate(
  trx: Trx,
  token: string,
  ttlSeconds: number,
): Promise<Rotation | undefined> {
  const timestamp = now();
  const tokenHash = hashToken(token);
  // The only write that decides: concurrent spends of one token serialise on its row.
  const spent = await trx
    .updateTable("refresh_tokens")
    .set({ spent_at: timestamp })
    .where("token_hash", "=", tokenHash)
    .where("spent_at", "is", null)
    .where("expires_at", ">", timestamp)
    .where("family_id", "in", (eb) =>
      eb.selectFrom("token_families").select("id").where("revoked_at", "is", null),
    )
    .returning("family_id")
    .executeTakeFirst();
  if (!spent) {
    const reused = await trx
      .selectFrom("refresh_tokens")
      .select("family_id")
      .where("token_hash", "=", tokenHash)
      .where("spent_at", "is not", null)
      .executeTakeFirst();
    if (reused) {
      await revokeFamily(trx, reused.family_id, timestamp);
    }
    return undefined;
  }
  const family = await trx
    .selectFrom("token_families")
    .select("user_id")
    .where("id", "=", spent.family_id)
    .executeTakeFirstOrThrow();
  return { userId: family.user_id, refresh: await issue(trx, spent.family_id, ttlSeconds) };
}

/**
 * Ends the login `token` belongs to; false if it is unknown, expired or
 * already revoked. A spent token still ends its login: whoever presents it
 * wants that login over, and a spent token presented again calls for exactly
 * that anyway.
 */
export async function revoke(trx: Trx, token: string): Promise<boolean> {
  const timestamp = now();
  const found = await trx
    .selectFrom("refresh_tokens")
    .select("family_id")
    .where("token_hash", "=", hashToken(token))
    .where("expires_at", ">", timestamp)
    .executeTakeFirst();
  return found !== undefined && (await revokeFamily(trx, found.family_id, timestamp));
}

async function revokeFamily(trx: Trx, familyId: number, timestamp: string): Promise<boolean> {
  const revoked = await trx
    .updateTable("token_families")
    .set({ revoked_at: timestamp })
    .where("id", "=", familyId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return revoked.numUpdatedRows > 0n;
}

async function issue(trx: Trx, familyId: number, ttlSeconds: number): Promise<IssuedToken> {
  const token = newToken();
  const created = new Date();
  const expiresAt = new Date(created.getTime() + ttlSeconds * 1000);
  await trx
    .insertInto("refresh_tokens")
    .values({
      family_id: familyId,
      token_hash: hashToken(token),
      created_at: created.toISOString(),
      expires_at: expiresAt.toISOString(),
    })
    .execute();
  return { token, expiresAt };
}
