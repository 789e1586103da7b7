import type { Config } from "../../src/config.js";
import { readServerConfig } from "../../src/env.js";

/**
 * Settings for tests: the defaults, less the port. databaseUrl is never
 * opened (startApp hands buildApp the test database, see support/app.ts);
 * Redis is REDIS_URL's when it is set, and otherwise an address nothing
 * listens on, so the API's tests show what it does without its broker.
 */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...readServerConfig({}),
    port: 0,
    redisUrl: process.env.REDIS_URL?.trim() || "redis://127.0.0.1:1/0",
    claimIdleMs: 30_000,
    maxDeliveries: 5,
    relayPollMs: 200,
    streamMaxLength: 100_000,
    consumerName: "",
    ...overrides,
  };
}
