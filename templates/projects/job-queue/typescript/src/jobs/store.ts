/**
 * The jobs and their idempotency keys. Every change reads a job and writes it
 * back in one transaction, safely under concurrency: two leases must not take
 * the same job, an ack must not complete a job whose lease was just
 * reclaimed. PostgreSQL locks the rows read for update (`FOR UPDATE`, with
 * `SKIP LOCKED` where a lease should move on to other jobs instead of
 * waiting). SQLite has no row locks, but Kysely's SQLite driver runs every
 * query of the process on one connection and holds it for a whole
 * transaction, so transactions never overlap: the single writer.
 */

import { createHash, randomUUID } from "node:crypto";
import type { ExpressionBuilder, Kysely, Selectable, Transaction } from "kysely";
import { isPostgres } from "../db/connect.js";
import { isUniqueViolation } from "../db/errors.js";
import type { Database, JobsTable } from "../db/schema.js";
import { conflict, HttpProblem, notFound } from "../http/problems.js";
import type { Job, LeasedJob } from "../schemas.js";
import { now as currentTime, toTimestamp } from "../timestamps.js";
import { retryDelayMs } from "./backoff.js";
import { canonicalJson } from "./json.js";
import {
  cancel as cancelJob,
  claim,
  complete,
  expire,
  extend,
  fail,
  type JobChange,
  type JobFacts,
  JobStateError,
  retry as retryJob,
  STATES,
  type State,
  shownState,
} from "./states.js";

type JobRow = Selectable<JobsTable>;
type Executor = Kysely<Database> | Transaction<Database>;

/** How long an Idempotency-Key keeps its job: a day, as Stripe does. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;

/** A job to create: the request body with its defaults filled in, payload as JSON text. */
export interface NewJob {
  type: string;
  payload: unknown;
  payloadJson: string;
  priority: number;
  runAt?: string | undefined;
  maxAttempts: number;
}

export interface RetryPolicy {
  retryBaseSeconds: number;
  retryMaxSeconds: number;
}

function facts(row: JobRow): JobFacts {
  return {
    id: row.id,
    state: row.state,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: toTimestamp(row.run_at),
    updatedAt: toTimestamp(row.updated_at),
    leaseToken: row.lease_token,
    leaseExpiresAt: row.lease_expires_at === null ? null : toTimestamp(row.lease_expires_at),
  };
}

/** The job as the API shows it at `now`, which decides scheduled or available. */
function toJob(row: JobRow, now: string): Job {
  const runAt = toTimestamp(row.run_at);
  return {
    id: row.id,
    queue: row.queue,
    type: row.type,
    payload: JSON.parse(row.payload) as Job["payload"],
    state: shownState(row.state, runAt, now),
    priority: row.priority,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt,
    createdAt: toTimestamp(row.created_at),
    updatedAt: toTimestamp(row.updated_at),
    lastError: row.last_error,
    result: row.result === null ? null : JSON.parse(row.result),
    leaseExpiresAt: row.lease_expires_at === null ? null : toTimestamp(row.lease_expires_at),
  };
}

/** The SQL condition for the jobs that `shownState` shows in `state` at `now`. */
function inState(state: State, now: string) {
  return (eb: ExpressionBuilder<Database, "jobs">) => {
    if (state === "scheduled") {
      return eb.and([eb("state", "=", "available"), eb("run_at", ">", now)]);
    }
    if (state === "available") {
      return eb.and([eb("state", "=", "available"), eb("run_at", "<=", now)]);
    }
    return eb("state", "=", state);
  };
}

/**
 * What makes two enqueues "the same body" for an Idempotency-Key. Defaults
 * are filled in, so leaving out `priority` equals sending 0, and key order in
 * the payload does not matter.
 */
function fingerprint(input: NewJob): string {
  const fields = {
    type: input.type,
    payload: input.payload,
    priority: input.priority,
    runAt: input.runAt ?? null,
    maxAttempts: input.maxAttempts,
  };
  return createHash("sha256").update(canonicalJson(fields)).digest("hex");
}

export class JobStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly policy: RetryPolicy,
    private readonly clock: () => string = currentTime,
  ) {}

  /**
   * Creates a job, or with an Idempotency-Key seen in the last 24 hours
   * returns the job it created (`created: false`); the same key with another
   * body is a 422.
   */
  async enqueue(
    queue: string,
    input: NewJob,
    key?: string,
  ): Promise<{ job: Job; created: boolean }> {
    const attempt = () =>
      this.db.transaction().execute((trx) => this.create(trx, queue, input, key));
    try {
      return await attempt();
    } catch (error) {
      if (key !== undefined && isUniqueViolation(error)) {
        // Only PostgreSQL gets here: a concurrent request with the same new key committed
        // first. Its key now exists, so this request is a repeat of it.
        return attempt();
      }
      throw error;
    }
  }

  private async create(
    trx: Transaction<Database>,
    queue: string,
    input: NewJob,
    key: string | undefined,
  ): Promise<{ job: Job; created: boolean }> {
    const now = this.clock();
    const print = fingerprint(input);
    if (key !== undefined) {
      const original = await this.originalJob(trx, queue, key, print, now);
      if (original) {
        return { job: toJob(original, now), created: false };
      }
    }
    const row = await trx
      .insertInto("jobs")
      .values({
        id: randomUUID(),
        queue,
        type: input.type,
        payload: input.payloadJson,
        state: "available",
        priority: input.priority,
        attempts: 0,
        max_attempts: input.maxAttempts,
        run_at: input.runAt ?? now,
        created_at: now,
        updated_at: now,
        last_error: null,
        result: null,
        lease_token: null,
        lease_expires_at: null,
        leased_by: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (key !== undefined) {
      // The primary key (queue, key) refuses a second row, even from a concurrent request.
      await trx
        .insertInto("idempotency_keys")
        .values({ queue, key, fingerprint: print, job_id: row.id, created_at: now })
        .execute();
    }
    return { job: toJob(row, now), created: true };
  }

  /** The job this key created within the window; undefined if the key is free. */
  private async originalJob(
    trx: Transaction<Database>,
    queue: string,
    key: string,
    print: string,
    now: string,
  ): Promise<JobRow | undefined> {
    const record = await trx
      .selectFrom("idempotency_keys")
      .selectAll()
      .where("queue", "=", queue)
      .where("key", "=", key)
      // Held until commit: a concurrent request with this key waits, then sees its job.
      .$if(isPostgres(trx), (query) => query.forUpdate())
      .executeTakeFirst();
    if (!record) {
      return undefined;
    }
    if (Date.parse(toTimestamp(record.created_at)) <= Date.parse(now) - IDEMPOTENCY_WINDOW_MS) {
      // Expired, so free again. Deleting it leaves nothing but an insert, which
      // fails if a concurrent request took the key in the meantime.
      await trx
        .deleteFrom("idempotency_keys")
        .where("queue", "=", queue)
        .where("key", "=", key)
        .execute();
      return undefined;
    }
    if (record.fingerprint !== print) {
      throw new HttpProblem(422, "this Idempotency-Key was already used with a different body");
    }
    return trx
      .selectFrom("jobs")
      .selectAll()
      .where("id", "=", record.job_id)
      .executeTakeFirstOrThrow();
  }

  async find(id: string): Promise<Job | undefined> {
    const row = await this.db
      .selectFrom("jobs")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row && toJob(row, this.clock());
  }

  /**
   * Leases up to `max` ready jobs, by priority (highest first), then runAt,
   * then creation. Expired leases of the queue are reclaimed first, so a job
   * whose worker died can go out again at once.
   */
  async lease(
    queue: string,
    request: { workerId: string; leaseSeconds: number; max: number },
  ): Promise<LeasedJob[]> {
    return this.db.transaction().execute(async (trx) => {
      const now = this.clock();
      const postgres = isPostgres(trx);
      const expired = await trx
        .selectFrom("jobs")
        .selectAll()
        .where("queue", "=", queue)
        .where("state", "=", "running")
        .where("lease_expires_at", "<=", now)
        // A locked row is being acked, nacked or reclaimed by another request right now.
        .$if(postgres, (query) => query.forUpdate().skipLocked())
        .execute();
      for (const row of expired) {
        await this.update(trx, row.id, expire(facts(row), now));
      }
      const ready = await trx
        .selectFrom("jobs")
        .selectAll()
        .where("queue", "=", queue)
        .where(inState("available", now))
        .orderBy("priority", "desc")
        .orderBy("run_at")
        .orderBy("seq")
        .limit(request.max)
        // Concurrent leases skip the rows this one locked instead of waiting for
        // them, so they never hand out the same job.
        .$if(postgres, (query) => query.forUpdate().skipLocked())
        .execute();
      const leased: LeasedJob[] = [];
      for (const row of ready) {
        const token = randomUUID();
        const change = claim(
          facts(row),
          { workerId: request.workerId, seconds: request.leaseSeconds, token },
          now,
        );
        const updated = await this.update(trx, row.id, change);
        leased.push({ ...toJob(updated, now), leaseToken: token });
      }
      return leased;
    });
  }

  heartbeat(id: string, token: string, leaseSeconds: number): Promise<Job> {
    return this.change(id, token, (job, now) => extend(job, token, leaseSeconds, now));
  }

  /** `result` is the JSON text of the result, or null for none. */
  ack(id: string, token: string, result: string | null): Promise<Job> {
    return this.change(id, token, (job, now) => complete(job, token, result, now));
  }

  nack(id: string, token: string, error: string): Promise<Job> {
    return this.change(id, token, (job, now) => {
      const delay = retryDelayMs(
        job.attempts,
        this.policy.retryBaseSeconds,
        this.policy.retryMaxSeconds,
      );
      const retryAt = new Date(Date.parse(now) + delay).toISOString();
      return fail(job, token, error, retryAt, now);
    });
  }

  retry(id: string): Promise<Job> {
    return this.change(id, undefined, retryJob);
  }

  cancel(id: string): Promise<Job> {
    return this.change(id, undefined, cancelJob);
  }

  /**
   * Applies one transition to a job: 404 if it does not exist, 409 if its
   * state (or a stale lease token) forbids it, and then nothing changes.
   */
  private change(
    id: string,
    token: string | undefined,
    transition: (job: JobFacts, now: string) => JobChange,
  ): Promise<Job> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom("jobs")
        .selectAll()
        .where("id", "=", id)
        .$if(isPostgres(trx), (query) => query.forUpdate())
        .executeTakeFirst();
      if (!row) {
        throw notFound(`job ${id} does not exist`);
      }
      // The clock is read once the lock is held, so no other change can come after it.
      const now = this.clock();
      let change: JobChange;
      try {
        change = transition(facts(row), now);
      } catch (error) {
        if (error instanceof JobStateError) {
          throw conflict(error.message);
        }
        throw error;
      }
      // With a lease token the update is conditional on it too, so a stale token
      // can never write, whatever the locking.
      const updated = await trx
        .updateTable("jobs")
        .set(change)
        .where("id", "=", id)
        .$if(token !== undefined, (query) => query.where("lease_token", "=", token ?? ""))
        .returningAll()
        .executeTakeFirst();
      if (!updated) {
        throw conflict(`the lease token is not the current lease of job ${id}`);
      }
      return toJob(updated, now);
    });
  }

  /** Writes a change to a row this transaction has read (and on PostgreSQL locked). */
  private update(trx: Executor, id: string, change: JobChange): Promise<JobRow> {
    return trx
      .updateTable("jobs")
      .set(change)
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async stats(queue: string): Promise<Record<State, number>> {
    const now = this.clock();
    const row = await this.db
      .selectFrom("jobs")
      .where("queue", "=", queue)
      .select((eb) =>
        STATES.map((state) =>
          eb.fn.countAll<number | string>().filterWhere(inState(state, now)).as(state),
        ),
      )
      .executeTakeFirstOrThrow();
    return Object.fromEntries(STATES.map((state) => [state, Number(row[state])])) as Record<
      State,
      number
    >;
  }

  /** A page of the queue's jobs, oldest first, optionally only those in `state`. */
  async list(
    queue: string,
    filter: { state?: State | undefined; page: number; limit: number },
  ): Promise<{ data: Job[]; total: number }> {
    const now = this.clock();
    const query = this.db
      .selectFrom("jobs")
      .where("queue", "=", queue)
      .$if(filter.state !== undefined, (q) => q.where(inState(filter.state as State, now)));
    const { total } = await query
      .select((eb) => eb.fn.countAll<number | string>().as("total"))
      .executeTakeFirstOrThrow();
    const offset = (filter.page - 1) * filter.limit;
    // A page past the end skips the query.
    const rows =
      offset < Number(total)
        ? await query.selectAll().orderBy("seq").limit(filter.limit).offset(offset).execute()
        : [];
    return { data: rows.map((row) => toJob(row, now)), total: Number(total) };
  }
}
