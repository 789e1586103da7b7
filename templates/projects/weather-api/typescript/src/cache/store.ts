/**
 * Where the service's answers are kept for a while: text under a key, each
 * with a lifetime. The weather service decides what goes in and how long it
 * stays fresh; a store only keeps it and forgets it when its time is up.
 */
export interface Store {
  /**
   * The value under `key`, or undefined when the store does not hold it. A
   * rejection means the store could not be asked (Redis down): callers carry
   * on without the cache rather than fail.
   */
  get(key: string): Promise<string | undefined>;
  /** Keeps `value` under `key` for `ttlMs` milliseconds, replacing what was there. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Rejects when the store does not answer, for /readyz. */
  ping(): Promise<void>;
  /** Lets go of what the store holds open. */
  close(): Promise<void>;
}
