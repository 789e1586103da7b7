import type { Config } from "../../src/config.js";
import { readServerConfig } from "../../src/env.js";

/** Settings for tests: the production backoff, which the tests that nack check against. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    // The defaults, less the port. databaseUrl is never opened: startApp hands
    // buildApp the test database (see support/app.ts).
    ...readServerConfig({}),
    port: 0,
    retryBaseSeconds: 10,
    retryMaxSeconds: 3600,
    ...overrides,
  };
}
