import type { Migration } from "kysely";
import * as createUsersAndRefreshTokens from "./0001_create_users_and_refresh_tokens.js";

/** Every migration, in the order they apply; a new one is added at the end. */
export const migrations: Record<string, Migration> = {
  "0001_create_users_and_refresh_tokens": createUsersAndRefreshTokens,
};
