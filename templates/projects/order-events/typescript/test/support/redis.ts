/** The Redis of the integration tests: REDIS_URL when set; those tests skip without it. */
export const REDIS_URL = process.env.REDIS_URL?.trim() || undefined;

/** Port 1 on loopback: nothing listens there, standing for a Redis that is down. */
export const deadRedisUrl = "redis://127.0.0.1:1/0";

/** A stream of a test's own, so tests never see each other's entries (or the app's). */
export function testStream(): string {
  return `test-orders-${crypto.randomUUID()}`;
}
