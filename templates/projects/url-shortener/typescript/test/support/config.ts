import type { Config } from "../../src/config.js";

/** Settings for tests: a limit high enough to keep the rate limiter out of tests not about it. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    host: "127.0.0.1",
    port: 0,
    databaseUrl: "sqlite://",
    shortenRateLimitPerMinute: 10_000,
    ...overrides,
  };
}
