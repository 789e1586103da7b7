import type { Migration } from "kysely";
import * as createJobs from "./0001_create_jobs.js";

/** Every migration, in the order they apply; a new one is added at the end. */
export const migrations: Record<string, Migration> = {
  "0001_create_jobs": createJobs,
};
