/**
 * The query strings and answers of the weather routes, as the OpenAPI document
 * states them. The query is read by weather/place.ts, not by these schemas
 * (see routes/weather.ts): OpenAPI cannot say "city, or lat and lon, never
 * both", and the contract wants every parameter at fault named.
 */

import { Type } from "typebox";
import { MAX_CITY_LENGTH, MAX_DAYS } from "./weather/place.js";

const City = Type.String({
  minLength: 1,
  maxLength: MAX_CITY_LENGTH,
  description: "A city name, without regard to case or surrounding space. Not with lat and lon.",
});
const Latitude = Type.Number({
  minimum: -90,
  maximum: 90,
  description:
    "Latitude in degrees, a decimal number; with lon, not with city. Rounded to 2 decimals.",
});
const Longitude = Type.Number({
  minimum: -180,
  maximum: 180,
  description:
    "Longitude in degrees, a decimal number; with lat, not with city. Rounded to 2 decimals.",
});

export const CurrentQuery = Type.Object({
  city: Type.Optional(City),
  lat: Type.Optional(Latitude),
  lon: Type.Optional(Longitude),
});

export const ForecastQuery = Type.Object({
  city: Type.Optional(City),
  lat: Type.Optional(Latitude),
  lon: Type.Optional(Longitude),
  days: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_DAYS,
      default: 3,
      description: "How many days, today first.",
    }),
  ),
});

const Nullable = (description: string) => Type.Union([Type.String(), Type.Null()], { description });

const Location = Type.Object({
  name: Nullable("The provider's name of the city; null for coordinates."),
  country: Nullable("Its country; null for coordinates, or a place without one."),
  latitude: Type.Number(),
  longitude: Type.Number(),
});

const Timestamp = Type.String({ format: "date-time" });

const Fetched = {
  cached: Type.Boolean({ description: "Whether the answer came from the cache (HIT or STALE)." }),
  fetchedAt: Type.String({
    format: "date-time",
    description: "When the data came from the provider.",
  }),
};

export const CurrentReport = Type.Object({
  location: Location,
  current: Type.Object({
    temperatureC: Type.Number(),
    windSpeedKmh: Type.Number(),
    weatherCode: Type.Integer({ description: "The WMO weather code." }),
    description: Type.String({ description: 'Its text, "Unknown" for a code outside the table.' }),
    observedAt: Timestamp,
  }),
  ...Fetched,
});

export const ForecastReport = Type.Object({
  location: Location,
  days: Type.Array(
    Type.Object({
      date: Type.String({ format: "date" }),
      minC: Type.Number(),
      maxC: Type.Number(),
      precipitationMm: Type.Number(),
      weatherCode: Type.Integer({ description: "The WMO weather code." }),
      description: Type.String(),
    }),
  ),
  ...Fetched,
});

export const CacheStats = Type.Object({
  hits: Type.Integer({ description: "Answers from a fresh cache entry." }),
  misses: Type.Integer({ description: "Answers (and failures) that went to the provider." }),
  stale: Type.Integer({ description: "Expired entries served because the provider failed." }),
  upstreamCalls: Type.Integer({ description: "Requests sent to the provider." }),
});
