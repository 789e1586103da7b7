import { SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, test } from "vitest";
import { hashPassword, verifyAgainstNothing, verifyPassword } from "../src/auth/passwords.js";
import { issueToken, readJwtSecret, verifyToken } from "../src/auth/tokens.js";
import { ConfigError } from "../src/env.js";

const SECRET = "test-secret-that-is-at-least-32-characters-long";
const key = new TextEncoder().encode(SECRET);

describe("passwords", () => {
  test("are stored as argon2id hashes that verify only the password", async () => {
    const hash = await hashPassword("correct horse");
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, "correct horse")).toBe(true);
    expect(await verifyPassword(hash, "wrong horse")).toBe(false);
  });

  test("an unknown user never verifies", async () => {
    expect(await verifyAgainstNothing("not the password of anyone")).toBe(false);
  });
});

describe("tokens", () => {
  const settings = { secret: SECRET, ttlSeconds: 60 };

  test("carry the user id", async () => {
    expect(await verifyToken(await issueToken(42, settings), SECRET)).toBe(42);
  });

  test("signed with another secret are refused", async () => {
    const token = await issueToken(42, {
      ...settings,
      secret: "another-secret-that-is-also-32-characters",
    });
    expect(await verifyToken(token, SECRET)).toBeUndefined();
  });

  test("expired, without expiry, unsigned or garbage are refused", async () => {
    const expired = await new SignJWT()
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("42")
      .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
      .sign(key);
    const endless = await new SignJWT()
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("42")
      .sign(key);
    const unsigned = new UnsecuredJWT({ sub: "42" }).setExpirationTime("1h").encode();
    for (const token of [expired, endless, unsigned, "garbage", ""]) {
      expect(await verifyToken(token, SECRET)).toBeUndefined();
    }
  });
});

describe("JWT_SECRET", () => {
  test("is read when it is long enough to sign with", () => {
    expect(readJwtSecret({ JWT_SECRET: SECRET })).toBe(SECRET);
  });

  test.each([
    [{}, "JWT_SECRET must be set"],
    [{ JWT_SECRET: "x".repeat(31) }, "JWT_SECRET must be at least 32 characters"],
  ])("%o is refused", (env, message) => {
    expect(() => readJwtSecret(env)).toThrow(ConfigError);
    expect(() => readJwtSecret(env)).toThrow(message);
  });
});
