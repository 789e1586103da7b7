import type { Config } from "../../src/config.js";
import { readServerConfig } from "../../src/env.js";

export const ADMIN_EMAIL = "admin@example.com";
export const ADMIN_PASSWORD = "admin password 1";

/** Settings for tests: a fixed secret, the first admin, and limits high enough to stay out of the way. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    // The server settings' defaults: a test app listens nowhere (app.inject),
    // and its database comes from support/app.ts, never from these.
    ...readServerConfig({}),
    jwtSecret: "test-secret-that-is-at-least-32-characters-long",
    tokenTtlSeconds: 3600,
    authRateLimitPerMinute: 1000,
    passwordHashConcurrency: 4,
    admin: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    ...overrides,
  };
}
