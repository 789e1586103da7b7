import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";

declare module "fastify" {
  interface FastifyInstance {
    /** The migrated database; its owner (main.ts, a test) closes it, not the app. */
    db: Kysely<Database>;
  }
}

/**
 * Makes the database `app.db` everywhere. It is handed in rather than opened
 * here, so a test can give each app a database of its own and the server can
 * close it after the last request has been answered.
 */
export const database = fp(
  async (app: FastifyInstance, { db }: { db: Kysely<Database> }) => {
    app.decorate("db", db);
  },
  { name: "database" },
);
