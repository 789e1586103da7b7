import type { Config } from "../../src/config.js";

/** Settings for tests: the production backoff, which the tests that nack check against. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    host: "127.0.0.1",
    port: 0,
    databaseUrl: "sqlite://",
    retryBaseSeconds: 10,
    retryMaxSeconds: 3600,
    ...overrides,
  };
}
