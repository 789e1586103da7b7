import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Config } from "../config.js";

declare module "fastify" {
  interface FastifyInstance {
    /** The settings read once at start-up (config.ts); tests pass their own. */
    config: Config;
  }
}

/**
 * Makes the settings `app.config` everywhere. Wrapped with `fastify-plugin`
 * so the decorator lands on the root instance, not in a scope of its own.
 */
export const configuration = fp(
  async (app: FastifyInstance, { config }: { config: Config }) => {
    app.decorate("config", config);
  },
  { name: "config" },
);
