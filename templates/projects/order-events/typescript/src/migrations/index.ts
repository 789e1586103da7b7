import type { Migration } from "kysely";
import * as createOrders from "./0001_create_orders_and_outbox.js";

/** Every migration, in the order they apply; a new one is added at the end. */
export const migrations: Record<string, Migration> = {
  "0001_create_orders_and_outbox": createOrders,
};
