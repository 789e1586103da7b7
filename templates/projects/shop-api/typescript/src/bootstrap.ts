/**
 * The first admin, created at start-up from ADMIN_EMAIL and ADMIN_PASSWORD.
 *
 * It exists before the server takes its first request, so a fresh shop can
 * add products at once. The account is only created, never updated: once its
 * email is registered, a restart neither resets its password nor changes its
 * role.
 */

import type { FastifyBaseLogger } from "fastify";
import type { Kysely } from "kysely";
import { hashPassword } from "./auth/passwords.js";
import type { AdminAccount } from "./config.js";
import { isUniqueViolation } from "./db/errors.js";
import type { Database } from "./db/schema.js";
import { now } from "./timestamps.js";

/** Creates the admin unless an account has this email; true if created. */
export async function ensureAdmin(
  db: Kysely<Database>,
  account: AdminAccount,
  log: FastifyBaseLogger,
): Promise<boolean> {
  const existing = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", account.email)
    .executeTakeFirst();
  if (existing) {
    return false;
  }
  try {
    await db
      .insertInto("users")
      .values({
        name: "Admin",
        email: account.email,
        password_hash: await hashPassword(account.password),
        role: "admin",
        created_at: now(),
      })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) {
      // Another replica starting at the same moment created it first.
      return false;
    }
    throw error;
  }
  log.info("created the first admin");
  return true;
}
