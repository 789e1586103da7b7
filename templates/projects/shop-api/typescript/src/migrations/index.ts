import type { Migration } from "kysely";
import * as createShop from "./0001_create_shop.js";

/** Every migration, in the order they apply; a new one is added at the end. */
export const migrations: Record<string, Migration> = {
  "0001_create_shop": createShop,
};
