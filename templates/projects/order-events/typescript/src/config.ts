import {
  type Environment,
  readInt,
  readServerConfig,
  readString,
  type ServerConfig,
} from "./env.js";

/**
 * Everything the three processes read from their environment: the API, the
 * relay and the consumer share one configuration, so that they agree on the
 * stream, the claim timeout and the dead-letter threshold.
 */
export interface Config extends ServerConfig {
  /** The broker: redis://[user:password@]host:port[/database]. */
  redisUrl: string;
  /** A delivered message unacknowledged this long is claimed by another consumer (CLAIM_IDLE_MS). */
  claimIdleMs: number;
  /** Deliveries before a message goes to the dead-letter stream (MAX_DELIVERIES). */
  maxDeliveries: number;
  /** How often the relay looks at the outbox when the last look found nothing (RELAY_POLL_MS). */
  relayPollMs: number;
  /** The streams' approximate cap (STREAM_MAX_LENGTH): Redis keeps them in memory. */
  streamMaxLength: number;
  /** This consumer's name in its groups (CONSUMER_NAME); by default host name and process id. */
  consumerName: string;
}

/** Everything the processes read from their environment, read once at start-up. */
export function loadConfig(env: Environment): Config {
  return {
    ...readServerConfig(env),
    redisUrl: readString(env, "REDIS_URL", "redis://127.0.0.1:6379/0"),
    claimIdleMs: readInt(env, "CLAIM_IDLE_MS", 30_000, { min: 100, max: 24 * 3600 * 1000 }),
    maxDeliveries: readInt(env, "MAX_DELIVERIES", 5, { min: 1, max: 1000 }),
    relayPollMs: readInt(env, "RELAY_POLL_MS", 200, { min: 10, max: 60_000 }),
    streamMaxLength: readInt(env, "STREAM_MAX_LENGTH", 100_000, { min: 1000, max: 1_000_000_000 }),
    consumerName: readString(env, "CONSUMER_NAME", ""),
  };
}
