import {
  ConfigError,
  type Environment,
  readInt,
  readServerConfig,
  readString,
  type ServerConfig,
} from "./env.js";

const MIN_SECRET_LENGTH = 32;

export interface Config extends ServerConfig {
  jwtSecret: string;
  tokenTtlSeconds: number;
  authRateLimitPerMinute: number;
  /** Seconds without a frame from the client before its connection is closed (tests use fractions). */
  wsIdleTimeoutSeconds: number;
  /** Frames a connection may have waiting to be written before it counts as too slow. */
  wsSendQueueSize: number;
}

/** Everything the app reads from its environment, read once at start-up. */
export function loadConfig(env: Environment): Config {
  const jwtSecret = readString(env, "JWT_SECRET");
  if (jwtSecret.length < MIN_SECRET_LENGTH) {
    // HS256 is only as strong as its key; a short one can be brute-forced offline.
    throw new ConfigError(`JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  return {
    ...readServerConfig(env),
    jwtSecret,
    tokenTtlSeconds: readInt(env, "JWT_TTL_SECONDS", 3600, { min: 1 }),
    authRateLimitPerMinute: readInt(env, "AUTH_RATE_LIMIT_PER_MINUTE", 20, { min: 1 }),
    wsIdleTimeoutSeconds: readInt(env, "WS_IDLE_TIMEOUT_SECONDS", 60, { min: 1, max: 86_400 }),
    wsSendQueueSize: readInt(env, "WS_SEND_QUEUE_SIZE", 100, { min: 1, max: 100_000 }),
  };
}
