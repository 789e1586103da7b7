import { describe, expect, test } from "vitest";
import { ConfigError, readInt, readServerConfig, readString } from "../src/env.js";

describe("settings from the environment", () => {
  test("defaults apply when a variable is unset or blank", () => {
    expect(readServerConfig({ PORT: " " })).toEqual({
      host: "127.0.0.1",
      port: 8080,
      databaseUrl: "sqlite:///./data/app.db",
    });
  });

  test("a required string must be set", () => {
    expect(() => readString({}, "JWT_SECRET")).toThrow(
      new ConfigError("JWT_SECRET must be set (see .env.example)"),
    );
  });

  test("integers are whole numbers within their range", () => {
    expect(readInt({ N: "42" }, "N", 1, { min: 1, max: 100 })).toBe(42);
    for (const text of ["4.5", "1e3", "abc", "0", "101"]) {
      expect(() => readInt({ N: text }, "N", 1, { min: 1, max: 100 })).toThrow(
        `N must be a whole number from 1 to 100, got "${text}"`,
      );
    }
  });
});
