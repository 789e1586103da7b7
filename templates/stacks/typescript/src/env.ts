/**
 * Readers for settings that come from the environment. Each one names the
 * variable and the rule it broke, so a bad deployment fails at start-up with
 * a message instead of misbehaving later.
 */

export type Environment = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function readString(env: Environment, name: string, fallback?: string): string {
  const value = env[name]?.trim();
  if (value) {
    return value;
  }
  if (fallback === undefined) {
    throw new ConfigError(`${name} must be set (see .env.example)`);
  }
  return fallback;
}

export function readInt(
  env: Environment,
  name: string,
  fallback: number,
  { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = {},
): number {
  const text = env[name]?.trim();
  if (!text) {
    return fallback;
  }
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

/** What every server reads: where to listen and which database to use. */
export interface ServerConfig {
  host: string;
  port: number;
  databaseUrl: string;
}

export const DEFAULT_DATABASE_URL = "sqlite:///./data/app.db";

export function readServerConfig(env: Environment): ServerConfig {
  return {
    host: readString(env, "HOST", "127.0.0.1"),
    port: readInt(env, "PORT", 8080, { min: 1, max: 65_535 }),
    databaseUrl: readString(env, "DATABASE_URL", DEFAULT_DATABASE_URL),
  };
}
