import { SignJWT } from "jose";
import { describe, expect, test } from "vitest";
import { verifyToken } from "../src/auth/tokens.js";
import { startApp, stopApp, useApp } from "./support/app.js";
import { testConfig } from "./support/config.js";
import { bearer, expectProblem, fieldsOf, PASSWORD, register } from "./support/users.js";

const SECRET = testConfig().jwtSecret;

describe("register and login", () => {
  const t = useApp();

  const post = (url: string, payload: unknown) =>
    t.app.inject({ method: "POST", url, payload: payload as object });

  test("register returns a token that opens the API", async () => {
    const response = await post("/register", { username: "ada", password: PASSWORD });
    expect(response.statusCode).toBe(201);
    const { token } = response.json();
    expect(await verifyToken(token, SECRET)).toEqual(expect.any(Number));
    const rooms = await t.app.inject({ method: "GET", url: "/rooms", headers: bearer(token) });
    expect(rooms.statusCode).toBe(200);
  });

  test.each(["abc", "A_1", "x".repeat(32), "___"])("the username %s is fine", async (username) => {
    expect((await post("/register", { username, password: PASSWORD })).statusCode).toBe(201);
  });

  test("a password of 8 code points is enough, however many bytes", async () => {
    const response = await post("/register", { username: "ada", password: "ééééééé1" });
    expect(response.statusCode).toBe(201);
  });

  test.each([
    [{ username: "ab" }, "username", "must be 3 to 32 letters, digits or underscores"],
    [{ username: "x".repeat(33) }, "username", "must be 3 to 32 letters, digits or underscores"],
    [{ username: "ada lovelace" }, "username", "must be 3 to 32 letters, digits or underscores"],
    [{ username: "adé" }, "username", "must be 3 to 32 letters, digits or underscores"],
    [{ username: "ada\n" }, "username", "must be 3 to 32 letters, digits or underscores"],
    [{ username: "ada-l" }, "username", "must be 3 to 32 letters, digits or underscores"],
    [{ username: null }, "username", "must be a string"],
    [{ username: 123 }, "username", "must be a string"],
    [{ password: "short" }, "password", "must be at least 8 characters"],
    [{ password: "éééééé1" }, "password", "must be at least 8 characters"],
    [{ password: 12345678 }, "password", "must be a string"],
    [{ password: "a\u0000bcdefgh" }, "password", "must not contain NUL characters"],
  ])("register refuses %j", async (change, field, message) => {
    const response = await post("/register", { username: "ada", password: PASSWORD, ...change });
    expect(expectProblem(response, 400).errors).toEqual([{ field, message }]);
  });

  test("register names every missing field", async () => {
    expect(expectProblem(await post("/register", {}), 400).errors).toEqual([
      { field: "username", message: "is required" },
      { field: "password", message: "is required" },
    ]);
  });

  test.each(["{not json", "[1, 2]", '"ada"', "null"])(
    "a body that is not a JSON object (%s) is named body",
    async (payload) => {
      for (const url of ["/register", "/login"]) {
        const response = await t.app.inject({
          method: "POST",
          url,
          payload,
          headers: { "content-type": "application/json" },
        });
        expect(fieldsOf(response)).toEqual(["body"]);
      }
    },
  );

  test("a username is taken without regard to case", async () => {
    await register(t.app, "Ada");
    const response = await post("/register", { username: "aDA", password: PASSWORD });
    expect(expectProblem(response, 409).detail).toBe("the username aDA is already taken");
  });

  test("two registrations racing for one username: one wins, the other is 409", async () => {
    const responses = await Promise.all(
      ["ada", "ADA"].map((username) => post("/register", { username, password: PASSWORD })),
    );
    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409]);
  });

  test("login returns a token for any case of the username", async () => {
    await register(t.app, "Ada");
    const response = await post("/login", { username: "aDA", password: PASSWORD });
    expect(response.statusCode).toBe(200);
    const rooms = await t.app.inject({
      method: "GET",
      url: "/rooms",
      headers: bearer(response.json().token),
    });
    expect(rooms.statusCode).toBe(200);
  });

  test("a wrong username and a wrong password get the same answer", async () => {
    await register(t.app, "ada");
    const wrongPassword = await post("/login", { username: "ada", password: "not it at all" });
    const wrongUsername = await post("/login", { username: "nobody", password: PASSWORD });
    expect(expectProblem(wrongPassword, 401)).toEqual(expectProblem(wrongUsername, 401));
  });

  test.each([
    [{}, ["username", "password"]],
    [{ username: "ada" }, ["password"]],
    [{ username: "a", password: "x" }, ["username"]],
    [{ username: "ada", password: "" }, ["password"]],
    [{ username: 7, password: PASSWORD }, ["username"]],
  ])("login refuses %j", async (payload, fields) => {
    expect(fieldsOf(await post("/login", payload))).toEqual(fields);
  });
});

describe("bearer tokens", () => {
  const t = useApp();
  const key = new TextEncoder().encode(SECRET);
  const sign = (subject: string, secret = key) =>
    new SignJWT()
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(secret);

  test.each([
    ["no header", async () => ({})],
    ["an empty bearer", async () => ({ authorization: "Bearer" })],
    ["another scheme", async () => ({ authorization: "Basic YWRhOnB3" })],
    ["garbage", async () => bearer("not-a-token")],
    [
      "another secret",
      async () => bearer(await sign("1", new TextEncoder().encode("x".repeat(40)))),
    ],
    ["a user that does not exist", async () => bearer(await sign("999"))],
    ["an id beyond any row", async () => bearer(await sign("99999999999"))],
  ])("%s is 401 on every room endpoint", async (_, headers) => {
    const sent = await headers();
    for (const [method, url] of [
      ["GET", "/rooms"],
      ["POST", "/rooms"],
      ["GET", "/rooms/1/messages"],
    ] as const) {
      const response = await t.app.inject({ method, url, headers: sent, payload: { name: "x" } });
      expectProblem(response, 401);
      expect(response.headers["www-authenticate"]).toBe("Bearer");
    }
  });

  test("a token whose user was deleted is 401", async () => {
    const token = await register(t.app, "ada");
    await t.db.deleteFrom("users").execute();
    expectProblem(
      await t.app.inject({ method: "GET", url: "/rooms", headers: bearer(token) }),
      401,
    );
  });
});

describe("rate limits", () => {
  test("register and login are limited per client address, with Retry-After", async () => {
    const limited = await startApp({ authRateLimitPerMinute: 3 });
    try {
      const attempt = (remoteAddress: string) =>
        limited.app.inject({
          method: "POST",
          url: "/login",
          remoteAddress,
          payload: { username: "nobody", password: PASSWORD },
        });
      for (let i = 0; i < 3; i += 1) {
        expect((await attempt("10.0.0.1")).statusCode).toBe(401);
      }
      const refused = await attempt("10.0.0.1");
      expectProblem(refused, 429);
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
      expect((await attempt("10.0.0.2")).statusCode).toBe(401);
    } finally {
      await stopApp(limited);
    }
  });
});
