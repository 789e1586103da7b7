import { describe, expect, test } from "vitest";
import { useApp } from "./support/app.js";
import { expectErrors, PASSWORD, register, tokenHeaders, uniqueName } from "./support/users.js";

describe("accounts", () => {
  const t = useApp();

  test("register answers 201 with the user and a token that works with Token or Bearer", async () => {
    const username = uniqueName();
    const response = await t.app.inject({
      method: "POST",
      url: "/api/users",
      payload: { user: { username, email: `${username}@Example.com`, password: PASSWORD } },
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers["cache-control"]).toBe("no-store");
    const { user } = response.json();
    expect(user).toEqual({
      email: `${username}@example.com`,
      token: expect.any(String),
      username,
      bio: null,
      image: null,
      role: "author",
    });
    for (const authorization of [`Token ${user.token}`, `Bearer ${user.token}`]) {
      const me = await t.app.inject({ url: "/api/user", headers: { authorization } });
      expect(me.statusCode).toBe(200);
      expect(me.json().user.username).toBe(username);
    }
  });

  test("a blank, missing or invalid field is a 422 naming it", async () => {
    const blank = await t.app.inject({
      method: "POST",
      url: "/api/users",
      payload: { user: { username: "", email: "x@example.com", password: PASSWORD } },
    });
    expect(expectErrors(blank, 422, ["username"]).username).toEqual(["can't be blank"]);
    const missing = await t.app.inject({
      method: "POST",
      url: "/api/users",
      payload: { user: { username: uniqueName(), password: PASSWORD } },
    });
    expect(expectErrors(missing, 422, ["email"]).email).toEqual(["can't be blank"]);
    const short = await t.app.inject({
      method: "POST",
      url: "/api/users",
      payload: { user: { username: uniqueName(), email: "a@example.com", password: "1234567" } },
    });
    expectErrors(short, 422, ["password"]);
    const broken = await t.app.inject({
      method: "POST",
      url: "/api/users",
      headers: { "content-type": "application/json" },
      payload: "{not json",
    });
    expectErrors(broken, 422, ["body"]);
  });

  test("a taken username or email is a 409 naming it, without regard to case", async () => {
    const alice = await register(t.app, "alice");
    const again = await t.app.inject({
      method: "POST",
      url: "/api/users",
      payload: {
        user: {
          username: alice.username.toUpperCase(),
          email: "other@example.com",
          password: PASSWORD,
        },
      },
    });
    expectErrors(again, 409, ["username"]);
    const email = await t.app.inject({
      method: "POST",
      url: "/api/users",
      payload: {
        user: { username: uniqueName(), email: alice.email.toUpperCase(), password: PASSWORD },
      },
    });
    expectErrors(email, 409, ["email"]);
  });

  test("a wrong password and an unknown email get the same 401", async () => {
    const alice = await register(t.app);
    const wrong = await t.app.inject({
      method: "POST",
      url: "/api/users/login",
      payload: { user: { email: alice.email, password: "not the password" } },
    });
    const unknown = await t.app.inject({
      method: "POST",
      url: "/api/users/login",
      payload: { user: { email: "nobody@example.com", password: "not the password" } },
    });
    expect(expectErrors(wrong, 401)).toEqual(expectErrors(unknown, 401));
    expect(wrong.headers["www-authenticate"]).toBe("Token");
  });

  test("PUT /api/user changes what it names; an empty password keeps the old one", async () => {
    const alice = await register(t.app);
    const response = await t.app.inject({
      method: "PUT",
      url: "/api/user",
      headers: alice.headers,
      payload: {
        user: { bio: "I work at statefarm", image: "", password: "", email: alice.email },
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().user).toMatchObject({ bio: "I work at statefarm", image: "" });
    const login = await t.app.inject({
      method: "POST",
      url: "/api/users/login",
      payload: { user: { email: alice.email, password: PASSWORD } },
    });
    expect(login.statusCode).toBe(200);
    const bob = await register(t.app);
    const taken = await t.app.inject({
      method: "PUT",
      url: "/api/user",
      headers: bob.headers,
      payload: { user: { email: alice.email } },
    });
    expectErrors(taken, 409, ["email"]);
  });

  test("a missing, malformed or forged token is a 401 in RealWorld's shape", async () => {
    expectErrors(await t.app.inject({ url: "/api/user" }), 401);
    expectErrors(
      await t.app.inject({ url: "/api/user", headers: { authorization: "Basic x" } }),
      401,
    );
    expectErrors(await t.app.inject({ url: "/api/user", headers: tokenHeaders("a.b.c") }), 401);
    // Where a token is optional, a bad one is still refused, so a front end signs in again.
    expectErrors(await t.app.inject({ url: "/api/articles", headers: tokenHeaders("a.b.c") }), 401);
  });
});

describe("register and login", () => {
  const t = useApp({ authRateLimitPerMinute: 2 });

  test("are rate limited per client address: 429 with Retry-After, in RealWorld's shape", async () => {
    const attempt = () =>
      t.app.inject({
        method: "POST",
        url: "/api/users/login",
        payload: { user: { email: "nobody@example.com", password: "whatever1" } },
      });
    expect((await attempt()).statusCode).toBe(401);
    expect((await attempt()).statusCode).toBe(401);
    const limited = await attempt();
    expectErrors(limited, 429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
  });
});
