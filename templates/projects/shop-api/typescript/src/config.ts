import { readJwtSecret } from "./auth/tokens.js";
import {
  ConfigError,
  type Environment,
  readInt,
  readServerConfig,
  readString,
  type ServerConfig,
} from "./env.js";
import { EMAIL_PATTERN, MAX_PASSWORD, MIN_PASSWORD } from "./schemas.js";

/** The first admin, created at start-up: see bootstrap.ts. */
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
  /** SHOP_CURRENCY: the ISO 4217 code of every amount (all in minor units). */
  currency: string;
  /** PAYMENT_WEBHOOK_SECRET: signs and checks the settlement events. */
  webhookSecret: string;
  /** PAYMENT_WEBHOOK_URL; undefined means the server's own /webhooks/payments. */
  webhookUrl: string | undefined;
  /** PAYMENT_SETTLE_SECONDS: how long a pending payment waits for its event. */
  settleSeconds: number;
  /** Seconds between delivery attempts of one event: 1, 2, 4, 8 (five attempts in all). */
  webhookRetryDelaysSeconds: number[];
  /** How long one delivery attempt may take. */
  webhookTimeoutMs: number;
}

const MIN_WEBHOOK_SECRET = 32;

/** Everything the app reads from its environment, read once at start-up. */
export function loadConfig(env: Environment): Config {
  return {
    ...readServerConfig(env),
    jwtSecret: readJwtSecret(env),
    tokenTtlSeconds: readInt(env, "JWT_TTL_SECONDS", 3600, { min: 1, max: 30 * 24 * 3600 }),
    authRateLimitPerMinute: readInt(env, "AUTH_RATE_LIMIT_PER_MINUTE", 20, {
      min: 1,
      max: 1_000_000,
    }),
    passwordHashConcurrency: readInt(env, "PASSWORD_HASH_CONCURRENCY", 4, { min: 1, max: 256 }),
    admin: readAdminAccount(env),
    currency: readCurrency(env),
    webhookSecret: readWebhookSecret(env),
    webhookUrl: readWebhookUrl(env),
    settleSeconds: readSeconds(env, "PAYMENT_SETTLE_SECONDS", 2),
    webhookRetryDelaysSeconds: [1, 2, 4, 8],
    webhookTimeoutMs: 5_000,
  };
}

export function readCurrency(env: Environment): string {
  const currency = readString(env, "SHOP_CURRENCY", "USD");
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw new ConfigError(
      `SHOP_CURRENCY must be three upper-case letters (ISO 4217), got "${currency}"`,
    );
  }
  return currency;
}

export function readWebhookSecret(env: Environment): string {
  const secret = readString(env, "PAYMENT_WEBHOOK_SECRET");
  if (secret.length < MIN_WEBHOOK_SECRET) {
    throw new ConfigError(
      `PAYMENT_WEBHOOK_SECRET must be at least ${MIN_WEBHOOK_SECRET} characters`,
    );
  }
  return secret;
}

function readWebhookUrl(env: Environment): string | undefined {
  const text = env.PAYMENT_WEBHOOK_URL?.trim();
  if (!text) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`PAYMENT_WEBHOOK_URL must be an http:// or https:// URL, got "${text}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(`PAYMENT_WEBHOOK_URL must be an http:// or https:// URL, got "${text}"`);
  }
  return url.toString();
}

/** A number of seconds, a decimal allowed, from 0 to a day. */
export function readSeconds(env: Environment, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) {
    return fallback;
  }
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value > 86_400) {
    throw new ConfigError(`${name} must be a number of seconds from 0 to 86400, got "${text}"`);
  }
  return value;
}

function readAdminAccount(env: Environment): AdminAccount | undefined {
  const email = env.ADMIN_EMAIL?.trim() ?? "";
  // A password is taken as written: spaces may be part of it.
  const password = env.ADMIN_PASSWORD ?? "";
  if (!email || !password) {
    // .env.example names the admin's email and leaves the password to be filled in.
    return undefined;
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
