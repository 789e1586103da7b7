import { readJwtSecret } from "./auth/tokens.js";
import { type Environment, readInt, readServerConfig, type ServerConfig } from "./env.js";

export interface Config extends ServerConfig {
  jwtSecret: string;
  tokenTtlSeconds: number;
  authRateLimitPerMinute: number;
  passwordHashConcurrency: number;
  /** Seconds without a frame from the client before its connection is closed (tests use fractions). */
  wsIdleTimeoutSeconds: number;
  /** Frames a connection may have waiting to be written before it counts as too slow. */
  wsSendQueueSize: number;
}

/** Everything the app reads from its environment, read once at start-up. */
export function loadConfig(env: Environment): Config {
  return {
    ...readServerConfig(env),
    jwtSecret: readJwtSecret(env),
    tokenTtlSeconds: readInt(env, "JWT_TTL_SECONDS", 3600, { min: 1 }),
    authRateLimitPerMinute: readInt(env, "AUTH_RATE_LIMIT_PER_MINUTE", 20, { min: 1 }),
    passwordHashConcurrency: readInt(env, "PASSWORD_HASH_CONCURRENCY", 4, { min: 1, max: 64 }),
    wsIdleTimeoutSeconds: readInt(env, "WS_IDLE_TIMEOUT_SECONDS", 60, { min: 1, max: 86_400 }),
    wsSendQueueSize: readInt(env, "WS_SEND_QUEUE_SIZE", 100, { min: 1, max: 100_000 }),
  };
}
