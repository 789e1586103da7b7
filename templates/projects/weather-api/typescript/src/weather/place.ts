import type { FieldError } from "../http/problems.js";

/** The longest city name accepted, in characters (code points). */
export const MAX_CITY_LENGTH = 100;
/** The days of a forecast; the provider is always asked for MAX_DAYS, so every `days` shares one entry. */
export const DEFAULT_DAYS = 3;
export const MAX_DAYS = 7;

/** Where a request asks about: a city by name, or a point. */
export type Place =
  | { kind: "city"; city: string }
  | { kind: "point"; latitude: number; longitude: number };

/**
 * The place's part of a cache key. Cities are compared without regard to case
 * (upper- then lower-casing, full case folding for all but a few scripts:
 * "Straße" and "STRASSE" meet) or the space around them; points are rounded to
 * two decimals, about a kilometre, finer than the provider's own grid, so
 * nearby requests share one entry.
 */
export function placeKey(place: Place): string {
  if (place.kind === "city") {
    return `city:${place.city.toUpperCase().toLowerCase()}`;
  }
  return `point:${place.latitude.toFixed(2)},${place.longitude.toFixed(2)}`;
}

/** A query string as Fastify parses it: a repeated parameter is a list (its first value counts). */
export type Query = Record<string, string | string[] | undefined>;

function first(query: Query, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A plain decimal number: no exponent, no hexadecimal, no NaN or Infinity. */
const DECIMAL = /^[+-]?[0-9]+(\.[0-9]+)?$/;
/** Whether the text holds a control character (Unicode's Cc: C0, DEL and C1). */
function hasControl(text: string): boolean {
  return [...text].some((character) => {
    const code = character.codePointAt(0) ?? 0;
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });
}

const invalid = (field: string, message: string): FieldError[] => [{ field, message }];

function coordinate(
  query: Query,
  name: string,
  other: string,
  bound: number,
  errors: FieldError[],
): number {
  const text = first(query, name);
  if (text === undefined) {
    errors.push({ field: name, message: `is required with ${other}` });
    return 0;
  }
  if (!DECIMAL.test(text)) {
    errors.push({ field: name, message: "must be a decimal number" });
    return 0;
  }
  const value = Number(text);
  if (!(value >= -bound && value <= bound)) {
    errors.push({ field: name, message: `must be from ${-bound} to ${bound}` });
    return 0;
  }
  // + 0 turns a rounded -0 into 0, so -0.001 and 0.001 share a key.
  return Math.round(value * 100) / 100 + 0;
}

/**
 * Reads `city`, or `lat` and `lon`; the point is rounded to two decimals, as
 * it is cached and asked of the provider. The errors name each parameter at fault.
 */
export function readPlace(query: Query): { place?: Place; errors: FieldError[] } {
  const city = first(query, "city");
  const hasPoint = query.lat !== undefined || query.lon !== undefined;
  if (city !== undefined && hasPoint) {
    return { errors: invalid("city", "give either city or lat and lon, not both") };
  }
  if (city === undefined && !hasPoint) {
    return { errors: invalid("city", "give city, or lat and lon") };
  }
  if (city !== undefined) {
    const name = city.trim();
    if (name === "") {
      return { errors: invalid("city", "must not be blank") };
    }
    if ([...name].length > MAX_CITY_LENGTH) {
      return { errors: invalid("city", `must be at most ${MAX_CITY_LENGTH} characters`) };
    }
    if (hasControl(name)) {
      return { errors: invalid("city", "must not contain control characters") };
    }
    return { place: { kind: "city", city: name }, errors: [] };
  }
  const errors: FieldError[] = [];
  const latitude = coordinate(query, "lat", "lon", 90, errors);
  const longitude = coordinate(query, "lon", "lat", 180, errors);
  return errors.length ? { errors } : { place: { kind: "point", latitude, longitude }, errors };
}

/** Reads `days`, a whole number from 1 to MAX_DAYS (DEFAULT_DAYS when absent). */
export function readDays(query: Query): { days: number; errors: FieldError[] } {
  const text = first(query, "days");
  if (text === undefined) {
    return { days: DEFAULT_DAYS, errors: [] };
  }
  const days = Number(text);
  if (!/^[0-9]+$/.test(text) || days < 1 || days > MAX_DAYS) {
    return { days: 0, errors: invalid("days", `must be a whole number from 1 to ${MAX_DAYS}`) };
  }
  return { days, errors: [] };
}
