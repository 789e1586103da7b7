import { type Environment, readInt, readServerConfig, type ServerConfig } from "./env.js";

export interface Config extends ServerConfig {
  shortenRateLimitPerMinute: number;
}

/** Everything the app reads from its environment, read once at start-up. */
export function loadConfig(env: Environment): Config {
  return {
    ...readServerConfig(env),
    shortenRateLimitPerMinute: readInt(env, "SHORTEN_RATE_LIMIT_PER_MINUTE", 60, { min: 1 }),
  };
}
