import type { Config } from "../../src/config.js";

/** Settings for tests: a fixed secret and limits high enough to stay out of the way. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    host: "127.0.0.1",
    port: 0,
    databaseUrl: "sqlite://",
    jwtSecret: "test-secret-that-is-at-least-32-characters-long",
    tokenTtlSeconds: 3600,
    authRateLimitPerMinute: 1000,
    passwordHashConcurrency: 4,
    ...overrides,
  };
}
