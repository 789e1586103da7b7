import { decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { describe, expect, test, vi } from "vitest";
import * as passwords from "../src/auth/passwords.js";
import { startApp, stopApp, useApp } from "./support/app.js";
import { PASSWORD, TEST_ISSUER, TEST_KEY } from "./support/config.js";
import {
  bearer,
  expectProblem,
  fields,
  login,
  loginAdmin,
  RFC3339_MILLIS,
  register,
} from "./support/users.js";

// A pass-through spy: the login route's calls can be counted.
vi.mock("../src/auth/passwords.js", async (importOriginal) => {
  const original = await importOriginal<typeof passwords>();
  return { ...original, verifyAgainstNothing: vi.fn(original.verifyAgainstNothing) };
});

const ADA = { email: "ada@example.com", password: PASSWORD, name: "Ada" };

describe("register and login", () => {
  const t = useApp();

  const post = (url: string, payload: unknown) =>
    t.app.inject({ method: "POST", url, payload: payload as object });

  test("register returns the user and a token pair", async () => {
    const response = await post("/auth/register", ADA);
    expect(response.statusCode).toBe(201);
    const { user, tokens, ...rest } = response.json();
    expect(rest).toEqual({});
    expect(user).toEqual({
      id: expect.any(Number),
      email: "ada@example.com",
      name: "Ada",
      role: "user",
      createdAt: expect.stringMatching(RFC3339_MILLIS),
    });
    expect(Object.keys(tokens).sort()).toEqual(["access", "refresh"]);
    for (const token of Object.values<Record<string, string>>(tokens)) {
      expect(Object.keys(token).sort()).toEqual(["expiresAt", "token"]);
      expect(token.expiresAt).toMatch(RFC3339_MILLIS);
    }
  });

  test("the access token is a signed JWT with the contract claims", async () => {
    const answer = await register(t.app, "ada@example.com");
    const { token, expiresAt } = answer.tokens.access;
    const { payload } = await jwtVerify(token, TEST_KEY.publicKey, { issuer: TEST_ISSUER });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "EdDSA", kid: TEST_KEY.kid });
    expect(Object.keys(payload).sort()).toEqual(["exp", "iat", "iss", "role", "sub"]);
    expect(payload).toMatchObject({ sub: String(answer.user.id), role: "user" });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(900);
    expect(Date.parse(expiresAt)).toBe((payload.exp ?? 0) * 1000);
  });

  test("the refresh token is opaque and lives 30 days", async () => {
    const { tokens } = await register(t.app, "ada@example.com");
    expect(tokens.refresh.token).not.toContain(".");
    const days = (Date.parse(tokens.refresh.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeCloseTo(30, 1);
  });

  test.each([
    [{ email: "not-an-email" }, "email", "must be an email address"],
    [{ password: "short1" }, "password", "must be at least 8 characters"],
    [
      { password: "onlyletters" },
      "password",
      "must contain both a letter (A-Z or a-z) and a digit, and no NUL characters",
    ],
    [
      { password: "1234567890" },
      "password",
      "must contain both a letter (A-Z or a-z) and a digit, and no NUL characters",
    ],
    [
      { password: "ÄÖÜßéèà1" },
      "password",
      "must contain both a letter (A-Z or a-z) and a digit, and no NUL characters",
    ],
    [{ password: `${"1a".repeat(128)}x` }, "password", "must be at most 256 characters"],
    [{ password: 12345678 }, "password", "must be a string"],
    [{ name: "" }, "name", "must not be empty"],
    [{ name: null }, "name", "must be a string"],
    [{ name: 5 }, "name", "must be a string"],
    [{ name: "a\u0000b" }, "name", "must not contain NUL characters"],
    [{ password: "abcdefg1\ud800" }, "password", "must not contain lone surrogates"],
  ])("register refuses %j", async (change, field, message) => {
    const body = expectProblem(await post("/auth/register", { ...ADA, ...change }), 400);
    expect(body.errors).toEqual([{ field, message }]);
  });

  test.each(["abcdefg1", "12345678x", "pass word 9", "ÄÖÜ 1 abc", "abcdéfg1", "1a".repeat(128)])(
    "register accepts the password %j",
    async (password) => {
      const response = await post("/auth/register", { ...ADA, password });
      expect(response.statusCode, response.body).toBe(201);
    },
  );

  test("register names every missing field", async () => {
    expect(fields(await post("/auth/register", {}))).toEqual(["email", "password", "name"]);
  });

  test.each(["{not json", "", "[1, 2]", '"ada"', "null"])(
    "a body that is not a JSON object (%j) is named body",
    async (payload) => {
      for (const url of ["/auth/register", "/auth/login", "/auth/refresh", "/auth/logout"]) {
        const response = await t.app.inject({
          method: "POST",
          url,
          payload,
          headers: { "content-type": "application/json" },
        });
        expect(fields(response), url).toEqual(["body"]);
      }
    },
  );

  test("an email is taken without regard to case, and stored lower-cased", async () => {
    await register(t.app, "ada@example.com");
    const again = await post("/auth/register", { ...ADA, email: "ADA@Example.com" });
    expect(expectProblem(again, 409).detail).toBe("an account with this email already exists");
    const mixed = await register(t.app, "Bob@Example.COM");
    expect(mixed.user.email).toBe("bob@example.com");
  });

  test("case is ignored for every Unicode letter, not only A to Z", async () => {
    await register(t.app, "élodie@école.fr");
    const again = await post("/auth/register", { ...ADA, email: "ÉLODIE@ÉCOLE.FR" });
    expectProblem(again, 409);
    const answer = await login(t.app, "Élodie@École.fr");
    expect(answer.user.email).toBe("élodie@école.fr");
  });

  test("two registrations racing for one email: one wins, the other is 409", async () => {
    const responses = await Promise.all([1, 2].map(() => post("/auth/register", ADA)));
    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409]);
  });

  test("login returns the user and a fresh pair for any case of the email", async () => {
    const registered = await register(t.app, "ada@example.com");
    const answer = await login(t.app, "Ada@EXAMPLE.com");
    expect(answer.user).toEqual(registered.user);
    expect(answer.tokens.refresh.token).not.toBe(registered.tokens.refresh.token);
    const me = await t.app.inject({ method: "GET", url: "/users/me", headers: bearer(answer) });
    expect(me.statusCode).toBe(200);
  });

  test("a wrong email and a wrong password get the same answer", async () => {
    await register(t.app, "ada@example.com");
    const wrongPassword = await post("/auth/login", {
      email: "ada@example.com",
      password: "not the password",
    });
    const wrongEmail = await post("/auth/login", {
      email: "nobody@example.com",
      password: PASSWORD,
    });
    expect(expectProblem(wrongEmail, 401)).toEqual(expectProblem(wrongPassword, 401));
    expect(wrongEmail.headers["www-authenticate"]).toBe(wrongPassword.headers["www-authenticate"]);
  });

  test("an unknown email still costs a password check", async () => {
    const spy = vi.mocked(passwords.verifyAgainstNothing);
    spy.mockClear();
    await post("/auth/login", { email: "nobody@example.com", password: PASSWORD });
    expect(spy).toHaveBeenCalledWith(PASSWORD);
  });

  test.each([
    [{}, ["email", "password"]],
    [{ email: "ada@example.com" }, ["password"]],
    [{ email: "ada", password: "x" }, ["email"]],
    [{ email: "ada@example.com", password: "" }, ["password"]],
    [{ email: "ada@example.com", password: null }, ["password"]],
    [{ email: ["ada@example.com"], password: "x" }, ["email"]],
  ])("login refuses %j", async (payload, expected) => {
    expect(fields(await post("/auth/login", payload))).toEqual(expected);
  });

  test("the admin from the environment can log in", async () => {
    const admin = await loginAdmin(t.app);
    expect(admin.user).toMatchObject({ role: "admin", name: "Administrator" });
    expect(decodeJwt(admin.tokens.access.token).role).toBe("admin");
  });
});

describe("rate limits", () => {
  test("register and login each have a budget per client address, with Retry-After", async () => {
    const limited = await startApp({ authRateLimitPerMinute: 2 });
    try {
      const post = (url: string, payload: object, remoteAddress = "10.0.0.1") =>
        limited.app.inject({ method: "POST", url, payload, remoteAddress });
      const nobody = { email: "a@b.co", password: "x" };
      expect((await post("/auth/login", nobody)).statusCode).toBe(401);
      expect((await post("/auth/login", nobody)).statusCode).toBe(401);
      const refused = await post("/auth/login", nobody);
      expect(expectProblem(refused, 429).detail).toBe("too many requests: try again later");
      const retryAfter = Number(refused.headers["retry-after"]);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // Counted before the body is read: an invalid request spends nothing once refused.
      expectProblem(await post("/auth/login", {}), 429);
      // Register has a budget of its own, spent alike.
      expect((await post("/auth/register", ADA)).statusCode).toBe(201);
      expect((await post("/auth/register", ADA)).statusCode).toBe(409);
      expectProblem(await post("/auth/register", ADA), 429);
      // Another address has budgets of its own.
      expect((await post("/auth/login", nobody, "10.0.0.2")).statusCode).toBe(401);
      // Refresh tokens cannot be guessed, so refreshing is not limited.
      const refreshed = await post("/auth/refresh", { refreshToken: "x" });
      expectProblem(refreshed, 401);
    } finally {
      await stopApp(limited);
    }
  });
});
