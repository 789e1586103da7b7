import { readJwtSecret } from "./auth/tokens.js";
import {
  ConfigError,
  type Environment,
  readInt,
  readServerConfig,
  type ServerConfig,
} from "./env.js";
import { EMAIL_PATTERN, MAX_PASSWORD, MIN_PASSWORD } from "./schemas.js";

/** The first admin (username `admin`), created at start-up: see bootstrap.ts. */
export interface AdminAccount {
  email: string;
  password: string;
}

export interface Config extends ServerConfig {
  jwtSecret: string;
  tokenTtlSeconds: number;
  authRateLimitPerMinute: number;
  passwordHashConcurrency: number;
  admin: AdminAccount | undefined;
}

/** Everything the app reads from its environment, read once at start-up. */
export function loadConfig(env: Environment): Config {
  return {
    ...readServerConfig(env),
    jwtSecret: readJwtSecret(env),
    // RealWorld front ends keep the token until it is refused: a day by default.
    tokenTtlSeconds: readInt(env, "JWT_TTL_SECONDS", 24 * 3600, { min: 1, max: 30 * 24 * 3600 }),
    authRateLimitPerMinute: readInt(env, "AUTH_RATE_LIMIT_PER_MINUTE", 20, {
      min: 1,
      max: 1_000_000,
    }),
    passwordHashConcurrency: readInt(env, "PASSWORD_HASH_CONCURRENCY", 4, { min: 1, max: 256 }),
    admin: readAdminAccount(env),
  };
}

function readAdminAccount(env: Environment): AdminAccount | undefined {
  const email = env.ADMIN_EMAIL?.trim() ?? "";
  // A password is taken as written: spaces may be part of it.
  const password = env.ADMIN_PASSWORD ?? "";
  if (!email && !password) {
    return undefined;
  }
  if (!email) {
    throw new ConfigError("ADMIN_PASSWORD is set but ADMIN_EMAIL is not");
  }
  if (email.length > 254 || !new RegExp(EMAIL_PATTERN).test(email)) {
    throw new ConfigError("ADMIN_EMAIL is not an email address");
  }
  const length = [...password].length;
  if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
    throw new ConfigError(
      `ADMIN_PASSWORD must be ${MIN_PASSWORD} to ${MAX_PASSWORD} characters when ADMIN_EMAIL is set`,
    );
  }
  return { email: email.toLowerCase(), password };
}
