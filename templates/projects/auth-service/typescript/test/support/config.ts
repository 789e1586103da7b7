import { SigningKey } from "../../src/auth/signing.js";
import type { Config } from "../../src/config.js";
import { readServerConfig } from "../../src/env.js";

/** The private key of RFC 8037's examples, so tests can check its published thumbprint. */
export const TEST_KEY_HEX = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
export const TEST_KEY = SigningKey.fromHex(TEST_KEY_HEX);
export const TEST_ISSUER = "auth-test";
export const ADMIN_EMAIL = "root@example.com";
export const PASSWORD = "correct horse 7 staple";

/** Settings for tests: a fixed key, an admin, and a limit high enough to stay out of the way. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    // The server settings' defaults: a test app listens nowhere (app.inject),
    // and its database comes from support/app.ts, never from these.
    ...readServerConfig({}),
    signingKey: TEST_KEY,
    issuer: TEST_ISSUER,
    accessTokenTtlSeconds: 900,
    refreshTokenTtlSeconds: 30 * 24 * 60 * 60,
    authRateLimitPerMinute: 10_000,
    passwordHashConcurrency: 4,
    admin: { email: ADMIN_EMAIL, password: PASSWORD },
    ...overrides,
  };
}
