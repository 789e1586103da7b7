import type { Config } from "../../src/config.js";
import { readServerConfig } from "../../src/env.js";

/** Settings for tests: a fixed secret and limits high enough to stay out of the way. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    // The defaults, less the port. databaseUrl is never opened: startApp hands
    // buildApp the test database (see support/app.ts).
    ...readServerConfig({}),
    port: 0,
    jwtSecret: "test-secret-that-is-at-least-32-characters-long",
    tokenTtlSeconds: 3600,
    authRateLimitPerMinute: 1000,
    passwordHashConcurrency: 4,
    wsIdleTimeoutSeconds: 60,
    wsSendQueueSize: 100,
    ...overrides,
  };
}
