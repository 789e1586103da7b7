import { describe, expect, test } from "vitest";
import { startApp, stopApp, useApp } from "./support/app.js";
import { PASSWORD, signUp } from "./support/users.js";

// Each resource's routes are an encapsulated plugin (src/routes/): a hook or a
// limiter added in one of them must not reach the others.
describe("plugin scopes", () => {
  const t = useApp();

  test("authentication is decorated on the whole app", () => {
    expect(t.app.hasDecorator("authenticate")).toBe(true);
    expect(t.app.hasRequestDecorator("userId")).toBe(true);
  });

  test("the todos' token check does not run for the sign-in routes", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/login",
      payload: { email: "nobody@example.com", password: PASSWORD },
    });
    expect(response.statusCode).toBe(401);
    // The login's own answer, not the token check's "a bearer token is required".
    expect(response.json().detail).toBe("wrong email or password");
  });

  test("the sign-in rate limit does not reach the todos", async () => {
    const limited = await startApp({ authRateLimitPerMinute: 1 });
    try {
      const headers = await signUp(limited.app);
      for (let i = 0; i < 3; i += 1) {
        const response = await limited.app.inject({ method: "GET", url: "/todos", headers });
        expect(response.statusCode).toBe(200);
        expect(response.headers["x-ratelimit-limit"]).toBeUndefined();
      }
    } finally {
      await stopApp(limited);
    }
  });
});
