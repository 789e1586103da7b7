/**
 * `runAt`: an RFC 3339 timestamp with a time and an offset. The schema's
 * pattern checks the shape; this checks the calendar (no 30 February, which
 * `Date` would quietly turn into 2 March) and converts to UTC milliseconds.
 */

export const RFC3339_PATTERN =
  "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$";

const PARTS =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

const MIN_TIME = Date.parse("0001-01-01T00:00:00.000Z");
const MAX_TIME = Date.parse("9999-12-31T23:59:59.999Z");

function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0); // day 0 of the next month: the last of this one
  return date.getUTCDate();
}

/**
 * The moment as the API stores it (`2026-11-21T14:03:07.123Z`, fractions
 * beyond milliseconds dropped), or an error message for the client.
 */
export function parseRunAt(text: string): { value: string } | { error: string } {
  const match = PARTS.exec(text);
  if (!match) {
    return { error: "must be an RFC 3339 timestamp, e.g. 2026-11-21T14:03:07.123Z" };
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as number[] &
    [number, number, number, number, number, number];
  const offsetHours = Number(match[9] ?? 0);
  const offsetMinutes = Number(match[10] ?? 0);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    offsetHours > 23 ||
    offsetMinutes > 59
  ) {
    return { error: "must be a valid date and time" };
  }
  const millisecond = Number((match[7] ?? "").padEnd(3, "0").slice(0, 3));
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(hour, minute, second, millisecond);
  const sign = match[8] === "-" ? -1 : 1;
  const time = local.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  if (time < MIN_TIME || time > MAX_TIME) {
    // Outside these years the RFC 3339 form, and so the stored text, breaks.
    return { error: "must be between the years 1 and 9999 in UTC" };
  }
  return { value: new Date(time).toISOString() };
}
