import { describe, expect, test } from "vitest";
import { startApp, stopApp } from "./support/app.js";
import { PASSWORD } from "./support/config.js";
import { capturedLogger } from "./support/logs.js";
import { bearer, register } from "./support/users.js";

describe("the log of a sign-up, a login and a refresh", () => {
  test("holds the request id and neither the password nor a token", async () => {
    const { logger, lines, text } = capturedLogger();
    const t = await startApp({}, logger);
    const tokens: string[] = [];
    try {
      const email = "grace@example.com";
      await register(t.app, email, "Grace");
      const login = await t.app.inject({
        method: "POST",
        url: "/auth/login",
        headers: { "x-request-id": "login-1" },
        payload: { email, password: PASSWORD },
      });
      expect(login.statusCode).toBe(200);
      const answer = login.json();
      tokens.push(answer.tokens.access.token, answer.tokens.refresh.token);
      await t.app.inject({ url: "/users/me", headers: bearer(answer) });
      const refreshed = await t.app.inject({
        method: "POST",
        url: "/auth/refresh",
        payload: { refreshToken: answer.tokens.refresh.token },
      });
      tokens.push(refreshed.json().tokens.refresh.token);
    } finally {
      await stopApp(t);
    }
    expect(lines.find((line) => line.request_id === "login-1")).toMatchObject({
      msg: "request completed",
      path: "/auth/login",
      status: 200,
    });
    expect(text()).not.toContain(PASSWORD);
    for (const token of tokens) {
      expect(token).not.toBe("");
      expect(text()).not.toContain(token);
    }
  });
});

describe("login metrics", () => {
  test("count successes and failures", async () => {
    const t = await startApp();
    try {
      const email = "grace@example.com";
      await register(t.app, email, "Grace");
      const attempt = (password: string) =>
        t.app.inject({ method: "POST", url: "/auth/login", payload: { email, password } });
      expect((await attempt(PASSWORD)).statusCode).toBe(200);
      expect((await attempt("wrong password 1")).statusCode).toBe(401);
      expect((await attempt("wrong password 2")).statusCode).toBe(401);
      const body = (await t.app.inject({ url: "/metrics" })).body;
      expect(body).toContain('auth_logins_total{outcome="success"} 1');
      expect(body).toContain('auth_logins_total{outcome="failure"} 2');
      expect(body).toContain(
        'http_requests_total{method="POST",route="/auth/login",status="401"} 2',
      );
    } finally {
      await stopApp(t);
    }
  });
});
