import { describe, expect, test } from "vitest";
import { startApp, stopApp } from "./support/app.js";
import { ChatClient, refusedUpgrade } from "./support/chat.js";
import { capturedLogger } from "./support/logs.js";
import { PASSWORD } from "./support/users.js";

describe("the log of a sign-up, a login and a WebSocket", () => {
  test("holds the request id and neither the password nor a token", async () => {
    const { logger, lines, text } = capturedLogger();
    const t = await startApp({}, logger);
    const forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.Zm9yZ2VkLXNpZ25hdHVyZQ";
    let token = "";
    try {
      await t.app.listen({ host: "127.0.0.1", port: 0 });
      const address = t.app.server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      const payload = { username: "ada", password: PASSWORD };
      await t.app.inject({ method: "POST", url: "/register", payload });
      const login = await t.app.inject({
        method: "POST",
        url: "/login",
        headers: { "x-request-id": "login-1" },
        payload,
      });
      expect(login.statusCode).toBe(200);
      token = login.json().token;
      // Browsers put the token in the URL of /ws: neither a good nor a bad one may be logged.
      const client = await ChatClient.connect(`ws://127.0.0.1:${port}/ws?token=${token}`);
      client.socket.close();
      await client.closed;
      const refused = await refusedUpgrade(`ws://127.0.0.1:${port}/ws?token=${forged}&x=1`);
      expect(refused.status).toBe(401);
    } finally {
      await stopApp(t);
    }
    expect(lines.find((line) => line.request_id === "login-1")).toMatchObject({
      msg: "request completed",
      path: "/login",
      status: 200,
    });
    expect(lines.find((line) => line.path === "/ws" && line.status === 401)).toBeDefined();
    expect(token).not.toBe("");
    for (const secret of [PASSWORD, token, forged]) {
      expect(text()).not.toContain(secret);
    }
  });
});
