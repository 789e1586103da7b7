/**
 * The first admin, created at start-up from ADMIN_EMAIL and ADMIN_PASSWORD.
 *
 * It exists before the server takes its first request, so there is never a
 * window in which a stranger could register first and claim administration.
 * The account is only created, never updated: once its email is registered, a
 * restart neither resets its password nor undoes a demotion made on purpose.
 */

import type { FastifyBaseLogger } from "fastify";
import type { Kysely } from "kysely";
import { hashPassword } from "./auth/passwords.js";
import type { AdminAccount } from "./config.js";
import { isUniqueViolation } from "./db/errors.js";
import type { Database } from "./db/schema.js";
import { UserStore } from "./users/store.js";

export const ADMIN_NAME = "Administrator";

/** Creates the admin account unless its email is already registered. */
export async function ensureAdmin(
  db: Kysely<Database>,
  account: AdminAccount,
  log: FastifyBaseLogger,
): Promise<void> {
  const users = new UserStore(db);
  const existing = await users.findByEmail(account.email);
  if (existing) {
    if (existing.user.role !== "admin") {
      log.warn(`ADMIN_EMAIL ${account.email} belongs to an account that is not an admin`);
    }
    return;
  }
  try {
    await users.create({
      email: account.email,
      name: ADMIN_NAME,
      passwordHash: await hashPassword(account.password),
      role: "admin",
    });
  } catch (error) {
    // Another replica starting at the same moment created it first.
    if (isUniqueViolation(error)) {
      return;
    }
    throw error;
  }
  log.info(`created the first admin, ${account.email}`);
}
