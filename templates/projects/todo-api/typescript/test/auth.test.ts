import { describe, expect, test } from "vitest";
import { startApp, stopApp, useApp } from "./support/app.js";
import { bearer, expectProblem, PASSWORD, signUp, uniqueEmail } from "./support/users.js";

describe("register and login", () => {
  const t = useApp();

  const register = (payload: unknown) =>
    t.app.inject({ method: "POST", url: "/register", payload: payload as object });
  const login = (payload: unknown) =>
    t.app.inject({ method: "POST", url: "/login", payload: payload as object });

  test("register returns a token that opens the API", async () => {
    const response = await register({ name: "Ada", email: uniqueEmail(), password: PASSWORD });
    expect(response.statusCode).toBe(201);
    const { token } = response.json();
    const todos = await t.app.inject({ method: "GET", url: "/todos", headers: bearer(token) });
    expect(todos.statusCode).toBe(200);
  });

  test.each([
    [{ name: "", email: "a@example.com", password: PASSWORD }, "name", "must not be empty"],
    [
      { name: "Ada", email: "not-an-email", password: PASSWORD },
      "email",
      "must be an email address",
    ],
    [
      { name: "Ada", email: "a b@example.com", password: PASSWORD },
      "email",
      "must be an email address",
    ],
    [
      { name: "Ada", email: "a@example.com", password: "short" },
      "password",
      "must be at least 8 characters",
    ],
    [{ name: "Ada", email: "a@example.com", password: 12345678 }, "password", "must be a string"],
  ])("register refuses %j", async (payload, field, message) => {
    const body = expectProblem(await register(payload), 400);
    expect(body.errors).toEqual([{ field, message }]);
  });

  test("register names every missing field", async () => {
    const body = expectProblem(await register({}), 400);
    expect(body.errors).toEqual([
      { field: "name", message: "is required" },
      { field: "email", message: "is required" },
      { field: "password", message: "is required" },
    ]);
  });

  test("an email is taken without regard to case, and stored lower-cased", async () => {
    const email = uniqueEmail("Mixed");
    expect((await register({ name: "Ada", email, password: PASSWORD })).statusCode).toBe(201);
    const again = await register({ name: "Bob", email: email.toUpperCase(), password: PASSWORD });
    expectProblem(again, 409);
    const row = await t.db.selectFrom("users").select("email").executeTakeFirstOrThrow();
    expect(row.email).toBe(email.toLowerCase());
  });

  test("two registrations racing for one email: one wins, the other is 409", async () => {
    const email = uniqueEmail();
    const responses = await Promise.all(
      [1, 2].map(() => register({ name: "Ada", email, password: PASSWORD })),
    );
    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409]);
  });

  test("login returns a token for any case of the email", async () => {
    const email = uniqueEmail();
    await signUp(t.app, email);
    const response = await login({ email: email.toUpperCase(), password: PASSWORD });
    expect(response.statusCode).toBe(200);
    expect(typeof response.json().token).toBe("string");
  });

  test("a wrong email and a wrong password get the same answer", async () => {
    const email = uniqueEmail();
    await signUp(t.app, email);
    const wrongPassword = expectProblem(await login({ email, password: "not the password" }), 401);
    const wrongEmail = expectProblem(
      await login({ email: uniqueEmail(), password: PASSWORD }),
      401,
    );
    expect(wrongEmail).toEqual(wrongPassword);
  });

  test("login refuses invalid input", async () => {
    const body = expectProblem(await login({ email: "a@example.com" }), 400);
    expect(body.errors).toEqual([{ field: "password", message: "is required" }]);
  });

  test.each([
    ["no header", {}],
    ["another scheme", { authorization: "Basic YWRhOnB3" }],
    ["garbage", bearer("not-a-jwt")],
    ["a token of another secret", bearer("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl")],
  ])("%s is 401", async (_, headers) => {
    const response = await t.app.inject({ method: "GET", url: "/todos", headers });
    expectProblem(response, 401);
    expect(response.headers["www-authenticate"]).toBe("Bearer");
  });

  test("a token whose user was deleted is 401", async () => {
    const headers = await signUp(t.app);
    await t.db.deleteFrom("users").execute();
    expectProblem(await t.app.inject({ method: "GET", url: "/todos", headers }), 401);
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
          payload: { email: "nobody@example.com", password: PASSWORD },
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
