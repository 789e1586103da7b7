import type { Config } from "../../src/config.js";
import { readServerConfig } from "../../src/env.js";

export const WEBHOOK_SECRET = "whsec_test-secret-that-is-at-least-32-characters";
export const ADMIN = { email: "admin@example.com", password: "admin password for tests" };

/** Settings for tests: fixed secrets, a first admin, limits high enough to stay out of the way. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    // The server settings' defaults: a test app listens nowhere (app.inject),
    // and its database comes from support/app.ts, never from these.
    ...readServerConfig({}),
    jwtSecret: "test-secret-that-is-at-least-32-characters-long",
    tokenTtlSeconds: 3600,
    authRateLimitPerMinute: 1000,
    passwordHashConcurrency: 4,
    admin: ADMIN,
    currency: "USD",
    webhookSecret: WEBHOOK_SECRET,
    webhookUrl: undefined,
    // No settlement fires in a test that does not ask for one.
    settleSeconds: 3600,
    webhookRetryDelaysSeconds: [0.05, 0.05, 0.05, 0.05],
    webhookTimeoutMs: 2_000,
    ...overrides,
  };
}
