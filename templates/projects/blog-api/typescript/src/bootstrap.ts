/**
 * The first admin, created at start-up from ADMIN_EMAIL and ADMIN_PASSWORD.
 *
 * It exists before the server takes its first request, so a fresh blog can
 * be moderated at once. The account is only created, never updated: once its
 * email is registered, a restart neither resets its password nor undoes a
 * demotion made on purpose.
 */

import type { FastifyBaseLogger } from "fastify";
import type { Kysely } from "kysely";
import { hashPassword } from "./auth/passwords.js";
import type { AdminAccount } from "./config.js";
import { isUniqueViolation } from "./db/errors.js";
import type { Database } from "./db/schema.js";
import { ConfigError } from "./env.js";
import { now } from "./timestamps.js";
import { byEmail, usernameKey } from "./users/store.js";

export const ADMIN_USERNAME = "admin";

/** Creates the admin, username `admin`, unless an account has this email; true if created. */
export async function ensureAdmin(
  db: Kysely<Database>,
  account: AdminAccount,
  log: FastifyBaseLogger,
): Promise<boolean> {
  if (await byEmail(db, account.email)) {
    return false;
  }
  const timestamp = now();
  try {
    await db
      .insertInto("users")
      .values({
        username: ADMIN_USERNAME,
        username_key: usernameKey(ADMIN_USERNAME),
        email: account.email,
        password_hash: await hashPassword(account.password),
        bio: null,
        image: null,
        role: "admin",
        created_at: timestamp,
        updated_at: timestamp,
      })
      .execute();
  } catch (error) {
    if (!isUniqueViolation(error)) {
      throw error;
    }
    if (await byEmail(db, account.email)) {
      // Another replica starting at the same moment created it first.
      return false;
    }
    throw new ConfigError(
      "ADMIN_EMAIL: the username admin belongs to an account with another email",
    );
  }
  log.info(`created the first admin, ${ADMIN_USERNAME}`);
  return true;
}
