import type { Logger } from "pino";
import { deadStream, type Message, type RedisBroker } from "../broker/redis.js";
import {
  INVENTORY_GROUP,
  NOTIFICATIONS_GROUP,
  ORDER_CONFIRMED,
  ORDER_PLACED,
  ORDER_REJECTED,
  parseEvent,
} from "../orders/model.js";
import type { OrderStore } from "../orders/store.js";
import { Backoff, sleep } from "./launch.js";

/**
 * Applies one message; a thrown error leaves it unacknowledged, to be
 * delivered again after the claim timeout, or dead-lettered once it has been
 * delivered maxDeliveries times.
 */
export type Handle = (message: Message) => Promise<void>;

/** How long one XREADGROUP waits: short enough to notice the signal and claim on time. */
export const READ_BLOCK_MS = 500;

export interface ConsumerOptions {
  broker: RedisBroker;
  stream: string;
  group: string;
  /** This consumer, unique in the group. */
  name: string;
  handle: Handle;
  claimIdleMs: number;
  maxDeliveries: number;
  logger: Logger;
  /**
   * The errors that say nothing about the message (the database is away):
   * the message in hand is retried until it goes through, rather than
   * spending its deliveries on an outage and dead-lettering a good message.
   */
  transient?: (error: unknown) => boolean;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Reads one stream through one consumer group, one message at a time, in
 * stream order: the relay publishes in outbox order, so a customer's orders
 * take effect in the order they were placed.
 */
export class Consumer {
  readonly #logger: Logger;

  constructor(private readonly options: ConsumerOptions) {
    this.#logger = options.logger.child({ group: options.group, consumer: options.name });
  }

  /**
   * Consumes until `signal` aborts (SIGTERM): it stops reading, finishes the
   * message in hand, and returns. Between reads it claims messages left idle
   * for claimIdleMs by other consumers, at least every claimIdleMs / 2.
   */
  async run(signal: AbortSignal): Promise<void> {
    const { broker, stream, group, name, claimIdleMs } = this.options;
    this.#logger.info("consumer started");
    const retry = new Backoff(100, 5_000);
    const claimEvery = Math.max(claimIdleMs / 2, 50);
    let lastClaim = 0;
    while (!signal.aborted) {
      let messages: Message[] = [];
      try {
        if (Date.now() - lastClaim >= claimEvery) {
          lastClaim = Date.now();
          messages = await broker.claim(stream, group, name, claimIdleMs, 10);
          if (messages.length > 0) {
            this.#logger.info({ count: messages.length }, "claimed idle messages");
          }
        }
        if (messages.length === 0) {
          messages = await broker.read(stream, group, name, 10, READ_BLOCK_MS);
        }
      } catch (error) {
        if (describe(error).startsWith("NOGROUP")) {
          // Redis lost the group (restarted without persistence): make it again.
          await broker.ensureGroups(stream, [group]).catch(() => {});
        }
        const wait = retry.next();
        this.#logger.warn({ err: error, retry_in_ms: wait }, "consumer could not read; retrying");
        await sleep(wait, signal);
        continue;
      }
      retry.reset();
      for (const message of messages) {
        if (signal.aborted) {
          // Read but not handled: they stay pending and another consumer claims them.
          break;
        }
        await this.process(message, signal);
      }
    }
    this.#logger.info("consumer stopped");
  }

  /**
   * Handles one message and acknowledges it after the effect has committed; a
   * failure leaves it pending, or dead-letters it when this was its last delivery.
   */
  async process(message: Message, signal?: AbortSignal): Promise<void> {
    const { broker, stream, group, maxDeliveries, transient } = this.options;
    const logger = this.#logger.child({ entry_id: message.id, deliveries: message.deliveries });
    if (message.deliveries > maxDeliveries) {
      // Delivered its last time to a consumer that died holding it.
      await this.deadLetter(
        logger,
        message,
        `delivered ${message.deliveries - 1} times without being acknowledged`,
      );
      return;
    }
    let error = await this.attempt(message);
    for (const backoff = new Backoff(100, 5_000); error !== undefined && transient?.(error); ) {
      if (signal?.aborted) {
        logger.warn(
          { error: describe(error) },
          "stopping with the message unhandled; another consumer will claim it",
        );
        return;
      }
      const wait = backoff.next();
      logger.warn(
        { error: describe(error), retry_in_ms: wait },
        "could not handle the message for now; retrying it",
      );
      await sleep(wait);
      error = await this.attempt(message);
    }
    if (error === undefined) {
      try {
        await broker.ack(stream, group, message.id);
      } catch (ackError) {
        // The effect is committed; the redelivery will find its processed record.
        logger.warn(
          { error: describe(ackError) },
          "could not acknowledge; it will be delivered again",
        );
      }
      return;
    }
    if (message.deliveries >= maxDeliveries) {
      await this.deadLetter(logger, message, describe(error));
      return;
    }
    logger.warn({ error: describe(error) }, "could not handle the message; it stays pending");
  }

  private async attempt(message: Message): Promise<unknown> {
    try {
      await this.options.handle(message);
      return undefined;
    } catch (error) {
      return error ?? new Error("failed");
    }
  }

  private async deadLetter(logger: Logger, message: Message, reason: string): Promise<void> {
    const { broker, stream, group } = this.options;
    try {
      await broker.deadLetter(stream, group, message, reason);
    } catch (error) {
      logger.warn(
        { error: describe(error) },
        "could not dead-letter the message; it stays pending",
      );
      return;
    }
    logger.error({ dead_stream: deadStream(stream), reason }, "dead-lettered");
  }
}

/** The effects of the two groups on the order store. */
export function handlers(store: OrderStore, logger: Logger): Record<string, Handle> {
  return {
    // order.placed reserves stock; every other type is none of its business.
    [INVENTORY_GROUP]: async (message) => {
      if (message.fields.type !== ORDER_PLACED) {
        return;
      }
      const event = parseEvent(message.fields);
      if (!(await store.reserve(INVENTORY_GROUP, event))) {
        logger.info({ group: INVENTORY_GROUP, event_id: event.id }, "duplicate event skipped");
      }
    },
    // order.confirmed and order.rejected each record one email.
    [NOTIFICATIONS_GROUP]: async (message) => {
      if (message.fields.type !== ORDER_CONFIRMED && message.fields.type !== ORDER_REJECTED) {
        return;
      }
      const event = parseEvent(message.fields);
      if (!(await store.notify(NOTIFICATIONS_GROUP, event))) {
        logger.info({ group: NOTIFICATIONS_GROUP, event_id: event.id }, "duplicate event skipped");
      }
    },
  };
}
