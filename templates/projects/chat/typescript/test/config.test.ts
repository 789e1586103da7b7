import { describe, expect, test } from "vitest";
import { loadConfig } from "../src/config.js";
import { ConfigError, readServerConfig } from "../src/env.js";

const SECRET = "a-secret-that-is-long-enough-for-hs256!";

describe("loadConfig", () => {
  test("has a default for everything but the secret", () => {
    expect(loadConfig({ JWT_SECRET: SECRET })).toEqual({
      ...readServerConfig({}),
      jwtSecret: SECRET,
      tokenTtlSeconds: 3600,
      authRateLimitPerMinute: 20,
      passwordHashConcurrency: 4,
      wsIdleTimeoutSeconds: 60,
      wsSendQueueSize: 100,
    });
  });

  test("reads the WebSocket limits", () => {
    const config = loadConfig({
      JWT_SECRET: SECRET,
      WS_IDLE_TIMEOUT_SECONDS: "6",
      WS_SEND_QUEUE_SIZE: "10",
      AUTH_RATE_LIMIT_PER_MINUTE: "1000",
    });
    expect(config).toMatchObject({
      wsIdleTimeoutSeconds: 6,
      wsSendQueueSize: 10,
      authRateLimitPerMinute: 1000,
    });
  });

  test.each([
    [{}, "JWT_SECRET must be set"],
    [{ JWT_SECRET: "short" }, "JWT_SECRET must be at least 32 characters"],
    [{ JWT_SECRET: SECRET, WS_IDLE_TIMEOUT_SECONDS: "0" }, "WS_IDLE_TIMEOUT_SECONDS"],
    [{ JWT_SECRET: SECRET, WS_IDLE_TIMEOUT_SECONDS: "1.5" }, "WS_IDLE_TIMEOUT_SECONDS"],
    [{ JWT_SECRET: SECRET, WS_SEND_QUEUE_SIZE: "none" }, "WS_SEND_QUEUE_SIZE"],
    [{ JWT_SECRET: SECRET, AUTH_RATE_LIMIT_PER_MINUTE: "-1" }, "AUTH_RATE_LIMIT_PER_MINUTE"],
  ])("refuses %j", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
