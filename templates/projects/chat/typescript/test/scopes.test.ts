import { describe, expect, test } from "vitest";
import { startApp, stopApp, useApp } from "./support/app.js";
import { bearer, PASSWORD, register } from "./support/users.js";

// Each resource's routes are an encapsulated plugin (src/routes/): a hook or a
// limiter added in one of them must not reach the others.
describe("plugin scopes", () => {
  const t = useApp();

  test("authentication is decorated on the whole app", () => {
    expect(t.app.hasDecorator("authenticate")).toBe(true);
    expect(t.app.hasRequestDecorator("userId")).toBe(true);
    expect(t.app.hasRequestDecorator("username")).toBe(true);
  });

  test("the rooms' token check does not run for the sign-in routes", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/login",
      payload: { username: "nobody", password: PASSWORD },
    });
    expect(response.statusCode).toBe(401);
    // The login's own answer, not the token check's "a bearer token is required".
    expect(response.json().detail).toBe("wrong username or password");
  });

  test("the sign-in rate limit does not reach the rooms", async () => {
    const limited = await startApp({ authRateLimitPerMinute: 1 });
    try {
      const headers = bearer(await register(limited.app, "ada"));
      for (let i = 0; i < 3; i += 1) {
        const response = await limited.app.inject({ method: "GET", url: "/rooms", headers });
        expect(response.statusCode).toBe(200);
        expect(response.headers["x-ratelimit-limit"]).toBeUndefined();
      }
    } finally {
      await stopApp(limited);
    }
  });
});
