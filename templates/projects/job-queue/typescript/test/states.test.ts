import { describe, expect, test } from "vitest";
import { parseRunAt } from "../src/jobs/run-at.js";
import {
  cancel,
  claim,
  complete,
  expire,
  extend,
  fail,
  holdsLease,
  type JobFacts,
  JobStateError,
  retry,
  shownState,
} from "../src/jobs/states.js";

const NOW = "2026-11-21T12:00:00.000Z";
const LATER = "2026-11-21T12:00:30.000Z";

function job(overrides: Partial<JobFacts> = {}): JobFacts {
  return {
    id: "job",
    state: "available",
    attempts: 0,
    maxAttempts: 3,
    runAt: NOW,
    updatedAt: NOW,
    leaseToken: null,
    leaseExpiresAt: null,
    ...overrides,
  };
}

const running = (overrides: Partial<JobFacts> = {}) =>
  job({ state: "running", attempts: 1, leaseToken: "token", leaseExpiresAt: LATER, ...overrides });

describe("job states", () => {
  test("an available job whose runAt is ahead shows as scheduled", () => {
    expect(shownState("available", LATER, NOW)).toBe("scheduled");
    expect(shownState("available", NOW, NOW)).toBe("available");
    expect(shownState("dead", LATER, NOW)).toBe("dead");
  });

  test("claim starts an attempt with a lease, and only for a ready job", () => {
    const lease = { workerId: "w", seconds: 30, token: "t" };
    expect(claim(job(), lease, NOW)).toEqual({
      state: "running",
      attempts: 1,
      lease_token: "t",
      lease_expires_at: LATER,
      leased_by: "w",
      updated_at: "2026-11-21T12:00:00.001Z",
    });
    expect(() => claim(job({ runAt: LATER }), lease, NOW)).toThrow(JobStateError);
    expect(() => claim(running(), lease, NOW)).toThrow(JobStateError);
  });

  test("updatedAt always moves forward, even when the clock does not", () => {
    const change = extend(running({ updatedAt: LATER }), "token", 30, NOW);
    expect(change.updated_at).toBe("2026-11-21T12:00:30.001Z");
  });

  test("only the current, unexpired lease holds the job", () => {
    expect(holdsLease(running(), "token", NOW)).toBe(true);
    expect(holdsLease(running(), "other", NOW)).toBe(false);
    expect(holdsLease(running(), "token", LATER)).toBe(false);
    expect(holdsLease(job({ leaseToken: "token" }), "token", NOW)).toBe(false);
    for (const change of [
      () => extend(running(), "other", 30, NOW),
      () => complete(running(), "other", null, NOW),
      () => fail(running(), "token", "boom", LATER, LATER),
    ]) {
      expect(change).toThrow(/not the current lease/);
    }
  });

  test("complete and fail end the lease", () => {
    expect(complete(running(), "token", '{"ok":true}', NOW)).toMatchObject({
      state: "completed",
      result: '{"ok":true}',
      lease_token: null,
      lease_expires_at: null,
    });
    expect(fail(running(), "token", "boom", LATER, NOW)).toMatchObject({
      state: "available",
      run_at: LATER,
      last_error: "boom",
      lease_token: null,
    });
    expect(fail(running({ attempts: 3 }), "token", "boom", LATER, NOW)).toMatchObject({
      state: "dead",
      last_error: "boom",
    });
  });

  test("an expired lease puts the job back at its runAt, or kills it", () => {
    expect(expire(running({ runAt: NOW }), LATER)).toMatchObject({
      state: "available",
      run_at: NOW,
      last_error: "lease expired",
    });
    expect(expire(running({ attempts: 3 }), LATER)).toMatchObject({ state: "dead" });
  });

  test("retry revives only dead jobs; cancel stops only waiting ones", () => {
    expect(retry(job({ state: "dead", attempts: 3 }), LATER)).toMatchObject({
      state: "available",
      attempts: 0,
      run_at: LATER,
    });
    expect(() => retry(job(), NOW)).toThrow("job job is available, not dead");
    expect(cancel(job({ runAt: LATER }), NOW)).toMatchObject({ state: "cancelled" });
    for (const state of ["running", "completed", "dead", "cancelled"] as const) {
      expect(() => cancel(job({ state }), NOW)).toThrow(JobStateError);
    }
  });
});

describe("runAt", () => {
  test.each([
    ["2026-11-21T14:03:07Z", "2026-11-21T14:03:07.000Z"],
    ["2026-11-21t14:03:07.1z", "2026-11-21T14:03:07.100Z"],
    ["2026-11-21T14:03:07.123999+01:30", "2026-11-21T12:33:07.123Z"],
    ["2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00.000Z"],
    ["2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000Z"],
    ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z"],
  ])("reads %s as %s", (text, value) => {
    expect(parseRunAt(text)).toEqual({ value });
  });

  test.each([
    "2026-11-21",
    "2026-11-21T14:03:07",
    "2026-11-21 14:03:07Z",
    "2025-02-29T00:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-11-21T14:60:00Z",
    "2026-11-21T23:59:60Z",
    "2026-11-21T00:00:00+24:00",
    "0001-01-01T00:00:00+00:01",
    "9999-12-31T23:59:59-00:01",
  ])("refuses %s", (text) => {
    expect(parseRunAt(text)).toHaveProperty("error");
  });
});
