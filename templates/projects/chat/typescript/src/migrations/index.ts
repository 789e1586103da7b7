import type { Migration } from "kysely";
import * as createUsersRoomsAndMessages from "./0001_create_users_rooms_and_messages.js";

/** Every migration, in the order they apply; a new one is added at the end. */
export const migrations: Record<string, Migration> = {
  "0001_create_users_rooms_and_messages": createUsersRoomsAndMessages,
};
