import { hostname } from "node:os";
import { ConfigError, type Environment, readInt, readString } from "../env.js";
import { isQueueName, QUEUE_RULE } from "../names.js";

export interface WorkerConfig {
  /** The API the worker leases from; it never touches the database itself. */
  apiUrl: string;
  queue: string;
  /** Unique per process, so an operator can tell which worker holds a job. */
  workerId: string;
  /** Jobs run at once. */
  concurrency: number;
  leaseSeconds: number;
  /** The wait between lease requests while the queue is empty. */
  pollSeconds: number;
  /** How long running jobs may finish after SIGTERM before they are nacked. */
  shutdownSeconds: number;
}

export function loadWorkerConfig(env: Environment): WorkerConfig {
  const port = readInt(env, "PORT", 8080, { min: 1, max: 65_535 });
  const queue = readString(env, "WORKER_QUEUE", "default");
  if (!isQueueName(queue)) {
    throw new ConfigError(`WORKER_QUEUE must be ${QUEUE_RULE}, got "${queue}"`);
  }
  return {
    apiUrl: readString(env, "API_URL", `http://127.0.0.1:${port}`),
    queue,
    workerId: readString(env, "WORKER_ID", `${hostname()}-${process.pid}`),
    concurrency: readInt(env, "WORKER_CONCURRENCY", 4, { min: 1, max: 100 }),
    // At least 3 seconds: heartbeats go out every third of a lease.
    leaseSeconds: readInt(env, "WORKER_LEASE_SECONDS", 30, { min: 3, max: 3600 }),
    pollSeconds: readInt(env, "WORKER_POLL_SECONDS", 1, { min: 1, max: 3600 }),
    // Docker waits 10 seconds after SIGTERM before it kills: finish within that.
    shutdownSeconds: readInt(env, "WORKER_SHUTDOWN_SECONDS", 8, { min: 0, max: 3600 }),
  };
}
