import type { Config } from "../../src/config.js";
import { readServerConfig } from "../../src/env.js";

/** Settings for tests: a limit high enough to keep the rate limiter out of tests not about it. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    // The server settings' defaults: a test app listens nowhere (app.inject),
    // and its database comes from support/app.ts, never from these.
    ...readServerConfig({}),
    shortenRateLimitPerMinute: 10_000,
    ...overrides,
  };
}
