import {
  ConfigError,
  type Environment,
  readInt,
  readServerConfig,
  type ServerConfig,
} from "./env.js";

/** Thirty days: a longer wait is an outage to fix, not a retry policy. */
const MAX_RETRY_SECONDS = 30 * 24 * 3600;

export interface Config extends ServerConfig {
  /** A nack waits retryBaseSeconds × 2^(attempts − 1) plus jitter, at most retryMaxSeconds. */
  retryBaseSeconds: number;
  retryMaxSeconds: number;
}

/** Everything the app reads from its environment, read once at start-up. */
export function loadConfig(env: Environment): Config {
  const config = {
    ...readServerConfig(env),
    retryBaseSeconds: readInt(env, "RETRY_BASE_SECONDS", 10, { min: 0, max: MAX_RETRY_SECONDS }),
    retryMaxSeconds: readInt(env, "RETRY_MAX_SECONDS", 3600, { min: 0, max: MAX_RETRY_SECONDS }),
  };
  if (config.retryMaxSeconds < config.retryBaseSeconds) {
    // A cap below the base would make every retry wait the cap: surely a typo.
    throw new ConfigError("RETRY_MAX_SECONDS must not be less than RETRY_BASE_SECONDS");
  }
  return config;
}
