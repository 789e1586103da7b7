import { describe, expect, test } from "vitest";
import { loadConfig } from "../src/config.js";
import { ConfigError, readServerConfig } from "../src/env.js";

describe("configuration", () => {
  test("every setting has a default", () => {
    // The server's own (host, port, database) are the base's, tested in env.test.ts.
    expect(loadConfig({})).toEqual({ ...readServerConfig({}), shortenRateLimitPerMinute: 60 });
  });

  test("the shorten limit is read from the environment", () => {
    expect(loadConfig({ SHORTEN_RATE_LIMIT_PER_MINUTE: "5" }).shortenRateLimitPerMinute).toBe(5);
  });

  test.each(["0", "-1", "ten", "2.5"])("a shorten limit of %s is refused", (value) => {
    expect(() => loadConfig({ SHORTEN_RATE_LIMIT_PER_MINUTE: value })).toThrow(ConfigError);
  });
});
