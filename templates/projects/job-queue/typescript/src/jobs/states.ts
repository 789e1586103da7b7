/**
 * The state machine of a job. Every change of state is a function here, so the
 * rules live in one place and can be tested without a database or HTTP. A
 * change the job's current state does not allow throws `JobStateError`, which
 * the API answers with 409 and which changes nothing.
 */

import type { StoredState } from "../db/schema.js";

export const STATES = [
  "scheduled",
  "available",
  "running",
  "completed",
  "dead",
  "cancelled",
] as const;
export type State = (typeof STATES)[number];

export const LEASE_EXPIRED = "lease expired";

export class JobStateError extends Error {
  override name = "JobStateError";
}

/** What the transitions read of a job; timestamps in the API's ISO form. */
export interface JobFacts {
  id: string;
  state: StoredState;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  updatedAt: string;
  leaseToken: string | null;
  leaseExpiresAt: string | null;
}

/** The columns a transition writes. */
export interface JobChange {
  state?: StoredState;
  attempts?: number;
  run_at?: string;
  last_error?: string;
  result?: string | null;
  lease_token?: string | null;
  lease_expires_at?: string | null;
  leased_by?: string;
  updated_at: string;
}

const plus = (moment: string, milliseconds: number) =>
  new Date(Date.parse(moment) + milliseconds).toISOString();

/** Strictly later than before, even within the same millisecond. */
const touched = (job: JobFacts, now: string) =>
  Date.parse(now) > Date.parse(job.updatedAt) ? now : plus(job.updatedAt, 1);

/**
 * `scheduled` is never stored: it is an available job whose runAt is still
 * ahead, so no timer has to flip it when the time comes.
 */
export function shownState(state: StoredState, runAt: string, now: string): State {
  return state === "available" && Date.parse(runAt) > Date.parse(now) ? "scheduled" : state;
}

/**
 * Whether `token` is the job's current, unexpired lease. A lease past its
 * expiry is stale even before the next lease request reclaims it: its worker
 * stalled, and the job may go to another.
 */
export function holdsLease(job: JobFacts, token: string, now: string): boolean {
  return (
    job.state === "running" &&
    job.leaseToken === token &&
    job.leaseExpiresAt !== null &&
    Date.parse(job.leaseExpiresAt) > Date.parse(now)
  );
}

function checkLease(job: JobFacts, token: string, now: string): void {
  if (!holdsLease(job, token, now)) {
    throw new JobStateError(`the lease token is not the current lease of job ${job.id}`);
  }
}

const endLease = (job: JobFacts, now: string) => ({
  lease_token: null,
  lease_expires_at: null,
  updated_at: touched(job, now),
});

/** Dead when no attempts are left, else back in line from `retryAt`. */
function giveUpOrRetry(job: JobFacts, error: string, retryAt: string, now: string): JobChange {
  if (job.attempts >= job.maxAttempts) {
    return { state: "dead", last_error: error, ...endLease(job, now) };
  }
  // The API shows it as `scheduled` until retryAt and `available` after.
  return { state: "available", run_at: retryAt, last_error: error, ...endLease(job, now) };
}

export function claim(
  job: JobFacts,
  lease: { workerId: string; seconds: number; token: string },
  now: string,
): JobChange {
  if (shownState(job.state, job.runAt, now) !== "available") {
    throw new JobStateError(`job ${job.id} is not ready to run`);
  }
  return {
    state: "running",
    attempts: job.attempts + 1,
    lease_token: lease.token,
    lease_expires_at: plus(now, lease.seconds * 1000),
    leased_by: lease.workerId,
    updated_at: touched(job, now),
  };
}

export function extend(job: JobFacts, token: string, seconds: number, now: string): JobChange {
  checkLease(job, token, now);
  return { lease_expires_at: plus(now, seconds * 1000), updated_at: touched(job, now) };
}

/** `result` is the JSON text of the result, or null for none. */
export function complete(
  job: JobFacts,
  token: string,
  result: string | null,
  now: string,
): JobChange {
  checkLease(job, token, now);
  return { state: "completed", result, ...endLease(job, now) };
}

/** A failed attempt: run again at `retryAt`, or dead if none are left. */
export function fail(
  job: JobFacts,
  token: string,
  error: string,
  retryAt: string,
  now: string,
): JobChange {
  checkLease(job, token, now);
  return giveUpOrRetry(job, error, retryAt, now);
}

/** Takes back a lease that ran out: its worker is presumed dead. */
export function expire(job: JobFacts, now: string): JobChange {
  // Its place in line is kept: the job is ready again at its original runAt.
  return giveUpOrRetry(job, LEASE_EXPIRED, job.runAt, now);
}

export function retry(job: JobFacts, now: string): JobChange {
  if (job.state !== "dead") {
    throw new JobStateError(`job ${job.id} is ${shownState(job.state, job.runAt, now)}, not dead`);
  }
  // lastError stays, so whoever retries can still see why it died.
  return { state: "available", attempts: 0, run_at: now, updated_at: touched(job, now) };
}

export function cancel(job: JobFacts, now: string): JobChange {
  if (job.state !== "available") {
    throw new JobStateError(
      `job ${job.id} is ${shownState(job.state, job.runAt, now)}: only a waiting job can be cancelled`,
    );
  }
  return { state: "cancelled", updated_at: touched(job, now) };
}
