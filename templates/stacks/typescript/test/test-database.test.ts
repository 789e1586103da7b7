import { describe, expect, test } from "vitest";
import { testDatabaseUrl } from "./support/database.js";

// The tests empty their database: these rules keep them off every other one.
describe("the test database", () => {
  test("is TEST_DATABASE_URL, never DATABASE_URL", () => {
    const env = { DATABASE_URL: "postgres://app:app@localhost:5432/app_test" };
    expect(() => testDatabaseUrl(env)).toThrow(
      "TEST_DATABASE_URL is not set: the tests reset their database, so they never use DATABASE_URL. Point it at a throwaway database whose name ends in _test, e.g. TEST_DATABASE_URL=postgres://app:app@localhost:5432/app_test make test",
    );
  });

  test.each([
    ["postgres://app:app@localhost:5432/app", "app"],
    ["postgres://app:app@localhost:5432/app_test_copy", "app_test_copy"],
    ["postgres://app:app@localhost:5432/", ""],
    ["not a url", ""],
  ])("%s is refused before connecting", (url, name) => {
    expect(() => testDatabaseUrl({ TEST_DATABASE_URL: url })).toThrow(
      `refusing to reset database "${name}" from TEST_DATABASE_URL: its name must end in _test, so that no development or production database is ever wiped`,
    );
  });

  test("is accepted when its name ends in _test", () => {
    const url = "postgres://app:app@localhost:5432/app_test?sslmode=disable";
    expect(testDatabaseUrl({ TEST_DATABASE_URL: url })).toBe(url);
  });
});
