import { readJwtSecret } from "./auth/tokens.js";
import { type Environment, readInt, readServerConfig, type ServerConfig } from "./env.js";

export interface Config extends ServerConfig {
  jwtSecret: string;
  tokenTtlSeconds: number;
  authRateLimitPerMinute: number;
  passwordHashConcurrency: number;
}

/** Everything the app reads from its environment, read once at start-up. */
export function loadConfig(env: Environment): Config {
  return {
    ...readServerConfig(env),
    jwtSecret: readJwtSecret(env),
    tokenTtlSeconds: readInt(env, "JWT_TTL_SECONDS", 3600, { min: 1 }),
    authRateLimitPerMinute: readInt(env, "AUTH_RATE_LIMIT_PER_MINUTE", 20, { min: 1 }),
    passwordHashConcurrency: readInt(env, "PASSWORD_HASH_CONCURRENCY", 4, { min: 1, max: 64 }),
  };
}
