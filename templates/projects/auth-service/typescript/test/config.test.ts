import { describe, expect, test } from "vitest";
import { DEFAULT_ISSUER, loadConfig } from "../src/config.js";
import { TEST_KEY, TEST_KEY_HEX } from "./support/config.js";

const KEY = { JWT_PRIVATE_KEY: TEST_KEY_HEX };

describe("loadConfig", () => {
  test("needs only the key; the lifetimes follow the contract", () => {
    const config = loadConfig(KEY);
    expect(config.signingKey.kid).toBe(TEST_KEY.kid);
    expect(config).toMatchObject({
      issuer: DEFAULT_ISSUER,
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 2_592_000,
      authRateLimitPerMinute: 20,
      admin: undefined,
    });
  });

  test("reads every setting from the environment", () => {
    const config = loadConfig({
      ...KEY,
      JWT_ISSUER: "https://auth.example.com",
      ACCESS_TOKEN_TTL_SECONDS: "60",
      REFRESH_TOKEN_TTL_SECONDS: "3600",
      AUTH_RATE_LIMIT_PER_MINUTE: "5",
      ADMIN_EMAIL: " Root@Example.com ",
      ADMIN_PASSWORD: " correct horse 7",
    });
    expect(config).toMatchObject({
      issuer: "https://auth.example.com",
      accessTokenTtlSeconds: 60,
      refreshTokenTtlSeconds: 3600,
      authRateLimitPerMinute: 5,
      // A password is taken as written: spaces may be part of it.
      admin: { email: "root@example.com", password: " correct horse 7" },
    });
  });

  test.each([
    [{}, "JWT_PRIVATE_KEY must be set"],
    [{ JWT_PRIVATE_KEY: "secret" }, "JWT_PRIVATE_KEY must be 32 bytes in hex"],
    [{ ...KEY, ACCESS_TOKEN_TTL_SECONDS: "0" }, "ACCESS_TOKEN_TTL_SECONDS"],
    [{ ...KEY, REFRESH_TOKEN_TTL_SECONDS: "x" }, "REFRESH_TOKEN_TTL_SECONDS"],
    [{ ...KEY, AUTH_RATE_LIMIT_PER_MINUTE: "-1" }, "AUTH_RATE_LIMIT_PER_MINUTE"],
    [{ ...KEY, ADMIN_EMAIL: "root@example.com" }, "set together"],
    [{ ...KEY, ADMIN_PASSWORD: "correct horse 7" }, "set together"],
    [
      { ...KEY, ADMIN_EMAIL: "root", ADMIN_PASSWORD: "correct horse 7" },
      "ADMIN_EMAIL must be an email address",
    ],
    [
      { ...KEY, ADMIN_EMAIL: "root@example.com", ADMIN_PASSWORD: "short1" },
      "ADMIN_PASSWORD must be 8 to 256 characters long",
    ],
    [
      { ...KEY, ADMIN_EMAIL: "root@example.com", ADMIN_PASSWORD: "a".repeat(9) },
      "ADMIN_PASSWORD must contain both a letter",
    ],
  ])("%j is refused", (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
