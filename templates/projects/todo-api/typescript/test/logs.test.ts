import { describe, expect, test } from "vitest";
import { startApp, stopApp } from "./support/app.js";
import { capturedLogger } from "./support/logs.js";
import { PASSWORD, uniqueEmail } from "./support/users.js";

describe("the log of a sign-up and a login", () => {
  test("holds the request id and neither the password nor the token", async () => {
    const { logger, lines, text } = capturedLogger();
    const t = await startApp({}, logger);
    const email = uniqueEmail();
    let token = "";
    try {
      await t.app.inject({
        method: "POST",
        url: "/register",
        payload: { name: "Ada", email, password: PASSWORD },
      });
      const login = await t.app.inject({
        method: "POST",
        url: "/login",
        headers: { "x-request-id": "login-1" },
        payload: { email, password: PASSWORD },
      });
      expect(login.statusCode).toBe(200);
      token = login.json().token;
      await t.app.inject({ url: "/todos", headers: { authorization: `Bearer ${token}` } });
    } finally {
      await stopApp(t);
    }
    expect(lines.find((line) => line.request_id === "login-1")).toMatchObject({
      path: "/login",
      status: 200,
    });
    expect(token).not.toBe("");
    expect(text()).not.toContain(PASSWORD);
    expect(text()).not.toContain(token);
  });
});

describe("login metrics", () => {
  test("count successes and failures", async () => {
    const t = await startApp();
    try {
      const email = uniqueEmail();
      const payload = { name: "Ada", email, password: PASSWORD };
      await t.app.inject({ method: "POST", url: "/register", payload });
      await t.app.inject({ method: "POST", url: "/login", payload: { email, password: PASSWORD } });
      await t.app.inject({
        method: "POST",
        url: "/login",
        payload: { email, password: "wrong!!!" },
      });
      await t.app.inject({
        method: "POST",
        url: "/login",
        payload: { email, password: "wrong!!!" },
      });
      const body = (await t.app.inject({ url: "/metrics" })).body;
      expect(body).toContain('auth_logins_total{outcome="success"} 1');
      expect(body).toContain('auth_logins_total{outcome="failure"} 2');
      expect(body).toContain('http_requests_total{method="POST",route="/login",status="401"} 2');
    } finally {
      await stopApp(t);
    }
  });
});
