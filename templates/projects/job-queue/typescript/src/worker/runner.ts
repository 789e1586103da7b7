/**
 * The worker loop: lease, run, heartbeat, report, and stop cleanly.
 *
 * Up to `concurrency` jobs run at once, while a timer heartbeats every held
 * lease a third of the way through its length, so a long job keeps a short
 * lease alive. `stop()` (on SIGTERM or Ctrl-C) stops leasing; running jobs get
 * `shutdownSeconds` to finish and report, and whatever is still running then
 * is nacked with the error "worker shutting down" before the process exits.
 *
 * A nack is a failed attempt: the job comes back after its backoff, or is
 * dead if that was its last attempt. The API has no way to hand a lease back
 * unspent; the alternative, exiting without a word, would leave the job
 * running until its lease ran out and then count the attempt all the same.
 * Give the grace period room for your longest job (WORKER_SHUTDOWN_SECONDS,
 * and the container's stop timeout above it) so that a deploy rarely nacks.
 */

import { type Lease, LeaseLostError, type QueueApi } from "./client.js";
import type { HandlerRegistry } from "./handlers.js";
import { jsonLog, type Log } from "./log.js";

export const MAX_ERROR_LENGTH = 10_000;
/** The `lastError` of a job nacked because its worker stopped before it finished. */
export const SHUTDOWN_ERROR = "worker shutting down";

export interface WorkerOptions {
  queue: string;
  workerId: string;
  concurrency: number;
  leaseSeconds: number;
  pollSeconds: number;
  shutdownSeconds: number;
  log?: Log;
}

type Outcome = { ok: true; result: unknown } | { ok: false; error: string };

/** "Name: message", as the job's lastError, within what the API takes. */
function describe(error: unknown): string {
  const text =
    error instanceof Error ? `${error.name}: ${error.message}` : `Error: ${String(error)}`;
  return text.slice(0, MAX_ERROR_LENGTH);
}

export class Worker {
  private readonly log: Log;
  private stopping = false;
  /** Ends the current wait between polls early. */
  private wake: (() => void) | undefined;
  /** Leases whose outcome has not been reported yet, by job id. */
  private readonly held = new Map<string, { lease: Lease; abort: AbortController }>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly api: QueueApi,
    private readonly registry: HandlerRegistry,
    private readonly options: WorkerOptions,
  ) {
    this.log = options.log ?? jsonLog();
  }

  /** Stop leasing and shut down; safe to call from a signal handler, and more than once. */
  stop(): void {
    this.stopping = true;
    this.wake?.();
  }

  async run(): Promise<void> {
    const { queue, workerId, concurrency, leaseSeconds, pollSeconds } = this.options;
    this.log("info", `worker ${workerId} serving queue "${queue}"`);
    const heartbeats = setInterval(() => void this.heartbeat(), (leaseSeconds * 1000) / 3);
    try {
      while (!this.stopping) {
        const free = concurrency - this.running.size;
        const leases = free > 0 ? await this.lease(free) : [];
        for (const lease of leases) {
          this.start(lease);
        }
        if (leases.length === 0 && !this.stopping) {
          // Idle, or every slot busy: a finishing job or stop() ends the wait early.
          await this.pause(pollSeconds * 1000);
        }
      }
      await this.shutDown();
    } finally {
      clearInterval(heartbeats);
    }
    this.log("info", `worker ${workerId} stopped`);
  }

  private pause(milliseconds: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, milliseconds);
      this.wake = done;
    });
  }

  private async lease(max: number): Promise<Lease[]> {
    const { queue, workerId, leaseSeconds } = this.options;
    try {
      const leases = await this.api.lease(queue, workerId, leaseSeconds, max);
      for (const lease of leases) {
        this.held.set(lease.jobId, { lease, abort: new AbortController() });
      }
      return leases;
    } catch (error) {
      this.log("warn", `could not lease jobs: ${(error as Error).message}`);
      return [];
    }
  }

  private start(lease: Lease): void {
    const job = this.runJob(lease).finally(() => {
      this.running.delete(job);
      this.wake?.();
    });
    this.running.add(job);
  }

  private async runJob(lease: Lease): Promise<void> {
    const signal = this.held.get(lease.jobId)?.abort.signal ?? AbortSignal.abort();
    const handler = this.registry.get(lease.type);
    let outcome: Outcome;
    try {
      if (!handler) {
        throw new Error(`no handler for job type "${lease.type}"`);
      }
      const result = await handler(lease.payload, {
        jobId: lease.jobId,
        attempts: lease.attempts,
        signal,
      });
      // A result the API cannot take fails here, as the handler's fault.
      JSON.stringify(result);
      outcome = { ok: true, result: result ?? null };
    } catch (error) {
      outcome = { ok: false, error: describe(error) };
    }
    if (signal.aborted) {
      // Shutdown or a lost lease gave the job up while it ran: nothing to report.
      this.log("info", `job ${lease.jobId} (${lease.type}) stopped after it was given up`);
      return;
    }
    if (outcome.ok) {
      this.log("info", `job ${lease.jobId} (${lease.type}) completed`);
    } else {
      this.log("warn", `job ${lease.jobId} (${lease.type}) failed: ${outcome.error}`);
    }
    await this.report(lease, outcome);
  }

  /** Sends a job's outcome, unless shutting down or a lost lease has already let it go. */
  private async report(lease: Lease, outcome: Outcome): Promise<void> {
    if (!this.held.delete(lease.jobId)) {
      return;
    }
    try {
      if (outcome.ok) {
        await this.api.ack(lease, outcome.result);
      } else {
        await this.api.nack(lease, outcome.error);
      }
    } catch (error) {
      if (error instanceof LeaseLostError) {
        this.log("warn", `job ${lease.jobId}: lease lost, its outcome was discarded`);
      } else {
        // The lease will run out and the job will run again: at least once.
        this.log("warn", `job ${lease.jobId}: could not report its outcome: ${describe(error)}`);
      }
    }
  }

  private async shutDown(): Promise<void> {
    if (this.running.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise((resolve) => {
        timer = setTimeout(resolve, this.options.shutdownSeconds * 1000);
      });
      await Promise.race([Promise.allSettled([...this.running]), deadline]);
      clearTimeout(timer);
    }
    const unfinished = [...this.held.values()];
    this.held.clear();
    await Promise.all(
      unfinished.map(async ({ lease, abort }) => {
        this.log("warn", `job ${lease.jobId}: still running at shutdown, nacking it`);
        abort.abort();
        try {
          await this.api.nack(lease, SHUTDOWN_ERROR);
        } catch (error) {
          this.log("warn", `job ${lease.jobId}: could not nack it: ${describe(error)}`);
        }
      }),
    );
  }

  private async heartbeat(): Promise<void> {
    await Promise.all(
      [...this.held.values()].map(async ({ lease, abort }) => {
        try {
          await this.api.heartbeat(lease, this.options.leaseSeconds);
        } catch (error) {
          if (error instanceof LeaseLostError) {
            this.log("warn", `job ${lease.jobId}: lease lost, another worker may run it`);
            this.held.delete(lease.jobId);
            abort.abort();
          } else {
            // Probably a blip: the next heartbeat may still come in time.
            this.log("warn", `job ${lease.jobId}: heartbeat failed: ${describe(error)}`);
          }
        }
      }),
    );
  }
}
