import type { Migration } from "kysely";
import * as createConduit from "./0001_create_conduit.js";

/** Every migration, in the order they apply; a new one is added at the end. */
export const migrations: Record<string, Migration> = {
  "0001_create_conduit": createConduit,
};
