import { createClient } from "redis";
import type { Store } from "./store.js";

/**
 * Bounds every Redis command and connection attempt. The cache only saves a
 * provider call, so an unreachable Redis must cost a request little more than
 * this before it goes to the provider instead.
 */
export const REDIS_TIMEOUT_MS = 500;

/**
 * A store shared by every replica: a value is a Redis string whose expiry
 * Redis itself enforces (SET … PX), so nothing here sweeps old keys. Keys are
 * namespaced under `prefix`.
 */
export class RedisStore implements Store {
  readonly #client: ReturnType<typeof createClient>;
  readonly #connecting: Promise<unknown>;

  /**
   * Connects in the background: a Redis that is down at start-up makes the
   * server slower (every request a miss), never unable to start. `onError`
   * hears each connection failure (the client keeps reconnecting).
   */
  constructor(
    url: string,
    readonly prefix: string,
    onError: (error: Error) => void = () => {},
  ) {
    this.#client = createClient({
      url,
      socket: {
        connectTimeout: REDIS_TIMEOUT_MS,
        // Try again soon, but not in a tight loop while Redis stays away.
        reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000),
      },
      // While disconnected a command fails at once instead of waiting in a queue:
      // a failed lookup is a cache miss, not worth waiting for.
      disableOfflineQueue: true,
      // A command sent to a Redis that stopped answering gives up in time too.
      commandOptions: { timeout: REDIS_TIMEOUT_MS, rejectInFlight: true },
    });
    this.#client.on("error", onError);
    this.#connecting = this.#client.connect().catch(onError);
  }

  /**
   * Waits for the first connection, but never longer than REDIS_TIMEOUT_MS:
   * a server that starts next to its Redis answers its first requests from
   * the cache, and one whose Redis is down starts anyway.
   */
  async connected(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise((resolve) => {
      timer = setTimeout(resolve, REDIS_TIMEOUT_MS);
    });
    await Promise.race([this.#connecting, waited]);
    clearTimeout(timer);
  }

  /** The value under key; a key Redis has expired is simply not found. */
  async get(key: string): Promise<string | undefined> {
    const value = await this.#client.get(this.prefix + key);
    return value ?? undefined;
  }

  /** Stores the value with an expiry of `ttlMs`, set in Redis. */
  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.#client.set(this.prefix + key, value, { expiration: { type: "PX", value: ttlMs } });
  }

  /** Asks Redis for a PONG. */
  async ping(): Promise<void> {
    await this.#client.ping();
  }

  async close(): Promise<void> {
    if (this.#client.isOpen) {
      this.#client.destroy();
    }
    await this.#connecting;
  }
}
