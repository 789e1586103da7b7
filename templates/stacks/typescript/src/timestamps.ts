/**
 * Timestamps on the wire are RFC 3339 in UTC with exactly three fractional
 * digits (`2026-11-21T14:03:07.123Z`), which is what `Date#toISOString` gives
 * for every year from 0 to 9999.
 */

/** A database timestamp as the API shows it: PostgreSQL gives a Date, SQLite the stored text. */
export function toTimestamp(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/** Now, in the form the database stores and the API shows. */
export function now(): string {
  return new Date().toISOString();
}

/** Now, but at least a millisecond after `previous`: an update always moves `updatedAt` forward. */
export function laterThan(previous: Date | string): string {
  const earliest = new Date(previous).getTime() + 1;
  return new Date(Math.max(Date.now(), earliest)).toISOString();
}
