import { describe, expect, test } from "vitest";
import { startApp, stopApp, useApp } from "./support/app.js";
import { bearer, refresh, register } from "./support/users.js";

// Each resource's routes are an encapsulated plugin (src/routes/): a hook or a
// limiter added in one of them must not reach the others.
describe("plugin scopes", () => {
  const t = useApp();

  test("authentication is decorated on the whole app", () => {
    expect(t.app.hasDecorator("authenticate")).toBe(true);
    expect(t.app.hasDecorator("requireAdmin")).toBe(true);
    expect(t.app.hasRequestDecorator("user")).toBe(true);
  });

  test("the users' token check does not run for /auth or the keys", async () => {
    expect((await t.app.inject({ url: "/.well-known/jwks.json" })).statusCode).toBe(200);
    const response = await refresh(t.app, "not-a-refresh-token");
    expect(response.statusCode).toBe(401);
    // The refresh route's own answer, not the token check's.
    expect(response.json().detail).toBe(
      "the refresh token is unknown, expired, revoked or already used",
    );
  });

  test("the sign-in rate limit does not reach /users", async () => {
    const limited = await startApp({ authRateLimitPerMinute: 1 });
    try {
      const headers = bearer(await register(limited.app, "limited@example.com"));
      for (let i = 0; i < 3; i += 1) {
        const response = await limited.app.inject({ url: "/users/me", headers });
        expect(response.statusCode).toBe(200);
        expect(response.headers["x-ratelimit-limit"]).toBeUndefined();
      }
    } finally {
      await stopApp(limited);
    }
  });
});
