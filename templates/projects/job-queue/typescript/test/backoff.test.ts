import { describe, expect, test } from "vitest";
import { retryDelayMs } from "../src/jobs/backoff.js";

describe("retry backoff", () => {
  test("doubles with each attempt from the base, without jitter at 0", () => {
    const delays = [1, 2, 3, 4, 5].map((attempts) => retryDelayMs(attempts, 10, 3600, () => 0));
    expect(delays).toEqual([10_000, 20_000, 40_000, 80_000, 160_000]);
  });

  test("adds up to 50 % jitter, never less than the exponential bound", () => {
    expect(retryDelayMs(1, 10, 3600, () => 0.5)).toBe(12_500);
    expect(retryDelayMs(3, 10, 3600, () => 0.999_999)).toBe(59_999);
    for (let i = 0; i < 200; i += 1) {
      const delay = retryDelayMs(2, 10, 3600);
      expect(delay).toBeGreaterThanOrEqual(20_000);
      expect(delay).toBeLessThan(30_000);
    }
  });

  test("is capped, jitter included, even for absurd attempt counts", () => {
    expect(retryDelayMs(9, 10, 3600, () => 0)).toBe(2_560_000);
    expect(retryDelayMs(10, 10, 3600, () => 0)).toBe(3_600_000);
    expect(retryDelayMs(9, 10, 3600, () => 0.9)).toBe(3_600_000);
    expect(retryDelayMs(5000, 10, 3600, () => 0.5)).toBe(3_600_000);
  });

  test("is whole milliseconds, and zero with a zero base", () => {
    expect(retryDelayMs(1, 1, 3, () => 0.123_456_7)).toBe(1061);
    expect(retryDelayMs(4, 0, 0, () => 0.7)).toBe(0);
  });
});
