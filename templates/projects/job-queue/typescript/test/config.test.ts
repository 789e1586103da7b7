import { describe, expect, test } from "vitest";
import { loadConfig } from "../src/config.js";

describe("the server's settings", () => {
  test("default to a 10-second backoff base and a one-hour cap", () => {
    expect(loadConfig({})).toMatchObject({ retryBaseSeconds: 10, retryMaxSeconds: 3600 });
    expect(loadConfig({ RETRY_BASE_SECONDS: "1", RETRY_MAX_SECONDS: "3" })).toMatchObject({
      retryBaseSeconds: 1,
      retryMaxSeconds: 3,
    });
  });

  test.each([
    [{ RETRY_BASE_SECONDS: "-1" }, /RETRY_BASE_SECONDS/],
    [{ RETRY_BASE_SECONDS: "ten" }, /RETRY_BASE_SECONDS/],
    [{ RETRY_MAX_SECONDS: "99999999" }, /RETRY_MAX_SECONDS/],
    [{ RETRY_BASE_SECONDS: "60", RETRY_MAX_SECONDS: "30" }, /must not be less than/],
  ])("refuse %j", (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
