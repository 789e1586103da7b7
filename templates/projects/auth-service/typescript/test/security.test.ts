import { importJWK, jwtVerify, SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, test } from "vitest";
import { hashPassword, verifyAgainstNothing, verifyPassword } from "../src/auth/passwords.js";
import { hashToken, newToken } from "../src/auth/refresh-tokens.js";
import { SigningKey } from "../src/auth/signing.js";
import { issueAccessToken, userIdFromAccessToken } from "../src/auth/tokens.js";
import { TEST_KEY } from "./support/config.js";

const ISSUER = "auth-test";
const OTHER_KEY = SigningKey.fromHex("42".repeat(32));
const FOREVER = 2 ** 40;

describe("passwords", () => {
  test("are stored as argon2id hashes that verify only the password", async () => {
    const hash = await hashPassword("correct horse 7");
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, "correct horse 7")).toBe(true);
    expect(await verifyPassword(hash, "wrong horse 7")).toBe(false);
  });

  test("an unknown user never verifies", async () => {
    expect(await verifyAgainstNothing("not the password of anyone")).toBe(false);
  });

  test("a corrupt hash does not verify", async () => {
    expect(await verifyPassword("not-a-hash", "anything")).toBe(false);
  });
});

describe("access tokens", () => {
  const issue = (userId = 42, role = "user") =>
    issueAccessToken(TEST_KEY, { userId, role, issuer: ISSUER, ttlSeconds: 900 });

  function signed(claims: Record<string, unknown>, key = TEST_KEY, kid = key.kid) {
    return new SignJWT(claims).setProtectedHeader({ alg: "EdDSA", kid }).sign(key.privateKey);
  }

  const userId = (token: string) => userIdFromAccessToken(token, TEST_KEY, ISSUER);

  test("carry the contract claims", async () => {
    const before = Math.floor(Date.now() / 1000);
    const { token, expiresAt } = await issue(42, "admin");
    const { payload, protectedHeader } = await jwtVerify(token, TEST_KEY.publicKey, {
      issuer: ISSUER,
    });
    expect(protectedHeader).toMatchObject({ alg: "EdDSA", kid: TEST_KEY.kid });
    expect(payload).toMatchObject({ sub: "42", role: "admin", iss: ISSUER });
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(payload.exp).toBe((payload.iat ?? 0) + 900);
    expect(expiresAt.getTime()).toBe((payload.exp ?? 0) * 1000);
  });

  test("name their user", async () => {
    expect(await userId((await issue(7)).token)).toBe(7);
  });

  test("signed with another key are refused, even under this key's id", async () => {
    const claims = { sub: "42", iss: ISSUER, iat: 0, exp: FOREVER };
    expect(await userId(await signed(claims, OTHER_KEY))).toBeUndefined();
    expect(await userId(await signed(claims, OTHER_KEY, TEST_KEY.kid))).toBeUndefined();
  });

  test("with an unknown key id are refused", async () => {
    const claims = { sub: "42", iss: ISSUER, iat: 0, exp: FOREVER };
    expect(await userId(await signed(claims, TEST_KEY, "another"))).toBeUndefined();
  });

  test("expired are refused", async () => {
    const past = Math.floor(Date.now() / 1000) - 120;
    expect(
      await userId(await signed({ sub: "42", iss: ISSUER, iat: past, exp: past + 60 })),
    ).toBeUndefined();
  });

  test("from another issuer are refused", async () => {
    const { token } = await issue();
    expect(await userIdFromAccessToken(token, TEST_KEY, "someone-else")).toBeUndefined();
  });

  test.each(["sub", "iss", "iat", "exp"])("missing %s are refused", async (missing) => {
    const claims: Record<string, unknown> = { sub: "42", iss: ISSUER, iat: 0, exp: FOREVER };
    delete claims[missing];
    expect(await userId(await signed(claims))).toBeUndefined();
  });

  test.each(["ada", "0", "-1", "1.5", "9007199254740992", "99999999999999999999", "1e3", ""])(
    "with the subject %j are refused",
    async (sub) => {
      expect(
        await userId(await signed({ sub, iss: ISSUER, iat: 0, exp: FOREVER })),
      ).toBeUndefined();
    },
  );

  test.each(["1", "2147483648", "9007199254740991"])(
    "with the subject %j name that id",
    async (sub) => {
      expect(await userId(await signed({ sub, iss: ISSUER, iat: 0, exp: FOREVER }))).toBe(
        Number(sub),
      );
    },
  );

  test("unsigned are refused", async () => {
    const token = new UnsecuredJWT({ sub: "42", iss: ISSUER, iat: 0, exp: FOREVER }).encode();
    expect(await userId(token)).toBeUndefined();
  });

  test("signed with the public key as a shared secret are refused", async () => {
    // The classic confusion attack: HMAC "signed" with the public key, which anyone has.
    const secret = new TextEncoder().encode(TEST_KEY.publicJwk().x.repeat(2));
    const token = await new SignJWT({ sub: "42", iss: ISSUER, iat: 0, exp: FOREVER })
      .setProtectedHeader({ alg: "HS256", kid: TEST_KEY.kid })
      .sign(secret);
    expect(await userId(token)).toBeUndefined();
  });

  test.each(["", "not.a.token", "a.b", "Bearer x", "a.b.c.d"])("%j is refused", async (garbage) => {
    expect(await userId(garbage)).toBeUndefined();
  });
});

describe("the signing key", () => {
  // RFC 8037, appendix A: the public key and the RFC 7638 thumbprint of TEST_KEY.
  const RFC_8037_X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
  const RFC_8037_THUMBPRINT = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";

  test("publishes the RFC 8037 encoding of its public half", () => {
    expect(TEST_KEY.publicJwk()).toEqual({
      kty: "OKP",
      crv: "Ed25519",
      x: RFC_8037_X,
      kid: RFC_8037_THUMBPRINT,
      alg: "EdDSA",
      use: "sig",
    });
  });

  test("another key has another id", () => {
    expect(OTHER_KEY.kid).not.toBe(TEST_KEY.kid);
  });

  test("the JWK verifies what the private key signs", async () => {
    const token = await new SignJWT({ sub: "1" })
      .setProtectedHeader({ alg: "EdDSA" })
      .sign(TEST_KEY.privateKey);
    const publicKey = await importJWK(TEST_KEY.publicJwk(), "EdDSA");
    expect((await jwtVerify(token, publicKey)).payload).toEqual({ sub: "1" });
  });

  test("the hex is case-insensitive", () => {
    expect(SigningKey.fromHex("AB".repeat(32)).kid).toBe(SigningKey.fromHex("ab".repeat(32)).kid);
  });

  test.each(["", "ab".repeat(31), "ab".repeat(33), "zz".repeat(32), `${"ab".repeat(31)}a`])(
    "%j is not a key",
    (value) => {
      expect(() => SigningKey.fromHex(value)).toThrow("must be 32 bytes in hex (64 characters)");
    },
  );
});

describe("refresh tokens", () => {
  test("carry 256 random bits, URL-safe", () => {
    const token = newToken();
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(token);
  });

  test("are stored as their SHA-256, which is stable and tells tokens apart", () => {
    expect(hashToken("a")).toBe("ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb");
    expect(hashToken("a")).not.toBe(hashToken("b"));
  });
});
