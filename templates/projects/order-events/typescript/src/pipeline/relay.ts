import type { Logger } from "pino";
import type { RedisBroker } from "../broker/redis.js";
import { eventFields, STREAM } from "../orders/model.js";
import type { OrderStore } from "../orders/store.js";
import { Backoff, sleep } from "./launch.js";

/** The most outbox rows published at once. */
export const RELAY_BATCH = 100;

/**
 * Publishes the outbox. Run one per deployment: two would publish the same
 * rows twice (harmless, consumers deduplicate) and could interleave their
 * batches out of order (not harmless for per-customer order).
 */
export class Relay {
  constructor(
    private readonly store: OrderStore,
    private readonly broker: RedisBroker,
    private readonly pollMs: number,
    private readonly logger: Logger,
    /** The stream it appends to: `orders`, or a test's own. */
    private readonly stream: string = STREAM,
  ) {}

  /**
   * Sends one batch of unpublished events, oldest first, and marks those the
   * stream took. A crash between the XADD and the mark publishes them again
   * on the next start: at least once, never lost.
   */
  async publish(): Promise<number> {
    const events = await this.store.unpublished(RELAY_BATCH);
    if (events.length === 0) {
      return 0;
    }
    let published: number;
    let failure: unknown;
    try {
      published = await this.broker.publish(this.stream, events.map(eventFields));
    } catch (error) {
      published = (error as { published?: number }).published ?? 0;
      failure = error;
    }
    await this.store.markPublished(events.slice(0, published).map((event) => event.id));
    if (failure !== undefined) {
      throw failure;
    }
    this.logger.debug({ events: published, last_event_id: events[published - 1]?.id }, "published");
    return published;
  }

  /** Publishes until `signal` aborts; a failure (database or Redis away) is retried after a backoff. */
  async run(signal: AbortSignal): Promise<void> {
    this.logger.info("relay started");
    const backoff = new Backoff(this.pollMs, 5_000);
    while (!signal.aborted) {
      let wait = this.pollMs;
      try {
        // A batch in hand is published and marked even if the signal arrives meanwhile.
        const published = await this.publish();
        backoff.reset();
        if (published === RELAY_BATCH) {
          continue; // more may be waiting
        }
      } catch (error) {
        wait = backoff.next();
        this.logger.warn({ err: error, retry_in_ms: wait }, "relay could not publish; retrying");
      }
      await sleep(wait, signal);
    }
    this.logger.info("relay stopped");
  }
}
