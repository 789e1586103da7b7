/**
 * The code that does the work, one handler per job type.
 *
 * A handler takes the job's payload and returns its result (anything JSON can
 * hold), or throws to fail the attempt. Delivery is at least once: a job whose
 * worker died mid-way runs again, so a handler must be safe to repeat (an
 * upsert rather than an insert; an idempotency key passed on to a payment or
 * email provider). Register your own with `registry.register("type", handler)`;
 * the three below are examples that show the worker's behaviour.
 */

import { setTimeout as sleepFor } from "node:timers/promises";

export interface JobContext {
  jobId: string;
  /** 1 on the first attempt. */
  attempts: number;
  /** Aborted when the worker gives the job up (shutdown, or a lost lease): stop early if you can. */
  signal: AbortSignal;
}

export type Handler = (
  payload: Record<string, unknown>,
  context: JobContext,
) => unknown | Promise<unknown>;

/** Handlers by job type. */
export class HandlerRegistry {
  private readonly handlers = new Map<string, Handler>();

  register(type: string, handler: Handler): this {
    if (this.handlers.has(type)) {
      throw new Error(`a handler for job type "${type}" is already registered`);
    }
    this.handlers.set(type, handler);
    return this;
  }

  get(type: string): Handler | undefined {
    return this.handlers.get(type);
  }

  types(): string[] {
    return [...this.handlers.keys()].sort();
  }
}

/** Returns its payload: the smallest job that completes. */
export const echo: Handler = (payload) => payload;

/** Works for `seconds` (default 1): a long job, kept alive by heartbeats. */
export const sleep: Handler = async (payload, { signal }) => {
  const seconds = payload.seconds ?? 1;
  if (typeof seconds !== "number" || !(seconds >= 0 && seconds <= 3600)) {
    throw new Error("seconds must be a number from 0 to 3600");
  }
  await sleepFor(seconds * 1000, undefined, { signal });
  return { slept: seconds };
};

/** Always fails: watch it back off, retry and finally go dead. */
export const fail: Handler = (payload) => {
  throw new Error(String(payload.message ?? "this job always fails"));
};

export const registry = new HandlerRegistry()
  .register("echo", echo)
  .register("sleep", sleep)
  .register("fail", fail);
