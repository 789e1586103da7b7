import type { Store } from "./store.js";

interface Entry {
  value: string;
  expires: number;
}

/**
 * A bounded in-process store: at most `max` entries, the least recently used
 * one dropped first when a new one would not fit. A Map keeps its keys in the
 * order they were inserted, so deleting and re-inserting a key on every use
 * keeps the least recently used first. Each replica has its own, and a
 * restart empties it.
 */
export class MemoryStore implements Store {
  readonly #entries = new Map<string, Entry>();

  /** `now` is the clock, in milliseconds (Date.now outside tests). */
  constructor(
    readonly max: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The number of entries held, expired ones not yet dropped included. */
  get size(): number {
    return this.#entries.size;
  }

  /** The value unless it has expired; reading it makes it the most recently used. */
  async get(key: string): Promise<string | undefined> {
    const entry = this.#entries.get(key);
    if (entry === undefined) {
      return undefined;
    }
    this.#entries.delete(key);
    if (this.now() >= entry.expires) {
      return undefined;
    }
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Stores the value, dropping the least recently used entries while the store is full. */
  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.#entries.delete(key);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size < this.max) {
        break;
      }
      this.#entries.delete(oldest);
    }
    this.#entries.set(key, { value, expires: this.now() + ttlMs });
  }

  /** Always answers: the store is this process's memory. */
  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.#entries.clear();
  }
}
