import { describe, expect, test } from "vitest";
import { laterThan, now, toTimestamp } from "../src/timestamps.js";

const RFC3339_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe("timestamps", () => {
  test("are UTC with exactly three fractional digits", () => {
    expect(now()).toMatch(RFC3339_MILLIS);
    expect(toTimestamp(new Date(Date.UTC(2026, 10, 21, 14, 3, 7)))).toBe(
      "2026-11-21T14:03:07.000Z",
    );
    expect(toTimestamp("2026-11-21T14:03:07.123Z")).toBe("2026-11-21T14:03:07.123Z");
  });

  test("an update moves forward even within the same millisecond", () => {
    const future = new Date(Date.now() + 60_000).toISOString();
    expect(laterThan(future)).toBe(new Date(Date.parse(future) + 1).toISOString());
    expect(Date.parse(laterThan("2000-01-01T00:00:00.000Z"))).toBeGreaterThan(
      Date.parse("2020-01-01T00:00:00Z"),
    );
  });
});
