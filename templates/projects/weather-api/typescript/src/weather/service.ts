/**
 * The service in front of the provider: current weather and forecasts by city
 * or point, answered from the cache while an entry is fresh, fetched once per
 * key however many requests miss it at the same time (single flight), and
 * answered from an expired entry when the provider fails (stale-if-error,
 * RFC 5861).
 */

import type { FastifyBaseLogger } from "fastify";
import type { Store } from "../cache/store.js";
import { type OpenMeteo, ProviderError } from "./openmeteo.js";
import { MAX_DAYS, type Place, placeKey } from "./place.js";
import { describe } from "./wmo.js";

/** Where an answer came from, as the X-Cache header says. */
export type Source = "HIT" | "MISS" | "STALE";

/** Where a report is for: the provider's name and country of a city, or none for a point. */
export interface Location {
  name: string | null;
  country: string | null;
  latitude: number;
  longitude: number;
}

export interface Conditions {
  temperatureC: number;
  windSpeedKmh: number;
  weatherCode: number;
  description: string;
  observedAt: string;
}

export interface Day {
  date: string;
  minC: number;
  maxC: number;
  precipitationMm: number;
  weatherCode: number;
  description: string;
}

export interface CurrentReport {
  location: Location;
  current: Conditions;
  cached: boolean;
  fetchedAt: string;
}

export interface ForecastReport {
  location: Location;
  days: Day[];
  cached: boolean;
  fetchedAt: string;
}

/**
 * What the cache holds of one answer from the provider: the current weather,
 * or MAX_DAYS days of forecast (an answer is cut to the days asked for, so one
 * entry serves every `days`). Stored as JSON, in memory or in Redis.
 */
interface Entry {
  fetchedAt: string;
  location: Location;
  current?: Conditions;
  days?: Day[];
}

export interface Stats {
  hits: number;
  misses: number;
  stale: number;
  upstreamCalls: number;
}

export interface Policy {
  /** How long an entry is fresh, in milliseconds. */
  ttlMs: number;
  /** How long after that it may still answer while the provider fails. */
  staleMs: number;
}

export class WeatherService {
  // Concurrent misses of one key share one fetch. Per process: replicas behind
  // a shared Redis each make their own call.
  readonly #flights = new Map<string, Promise<Entry>>();
  #hits = 0;
  #misses = 0;
  #stale = 0;

  /** Answers from `store`, asking `provider` on a miss; `now` is the clock, in milliseconds. */
  constructor(
    private readonly provider: OpenMeteo,
    private readonly store: Store,
    private readonly policy: Policy,
    private readonly log: FastifyBaseLogger,
    private readonly now: () => number = Date.now,
  ) {}

  /** The weather now at `place`. */
  async current(place: Place): Promise<{ report: CurrentReport; source: Source }> {
    const { entry, source } = await this.#lookup(`current:${placeKey(place)}`, async () => {
      const location = await this.#locate(place);
      const now = await this.provider.current(location.latitude, location.longitude);
      return {
        location,
        current: {
          temperatureC: now.temperatureC,
          windSpeedKmh: now.windSpeedKmh,
          weatherCode: now.weatherCode,
          description: describe(now.weatherCode),
          observedAt: now.time.toISOString(),
        },
      };
    });
    if (!entry.current) {
      throw new Error("a current-weather entry without the current weather");
    }
    const { location, current, fetchedAt } = entry;
    return { report: { location, current, cached: source !== "MISS", fetchedAt }, source };
  }

  /** The forecast of the next `days` days at `place`, today first. */
  async forecast(place: Place, days: number): Promise<{ report: ForecastReport; source: Source }> {
    const { entry, source } = await this.#lookup(`forecast:${placeKey(place)}`, async () => {
      const location = await this.#locate(place);
      const daily = await this.provider.daily(location.latitude, location.longitude, MAX_DAYS);
      return {
        location,
        days: daily.map((day) => ({ ...day, description: describe(day.weatherCode) })),
      };
    });
    if (!entry.days || entry.days.length < days) {
      throw new Error("a forecast entry with fewer days than asked for");
    }
    const { location, fetchedAt } = entry;
    return {
      report: { location, days: entry.days.slice(0, days), cached: source !== "MISS", fetchedAt },
      source,
    };
  }

  /** The counts since the service started. */
  stats(): Stats {
    return {
      hits: this.#hits,
      misses: this.#misses,
      stale: this.#stale,
      upstreamCalls: this.provider.calls,
    };
  }

  /**
   * The location of `place`: the provider's own name and coordinates for a
   * city, the rounded point itself otherwise.
   */
  async #locate(place: Place): Promise<Location> {
    if (place.kind === "point") {
      return { name: null, country: null, latitude: place.latitude, longitude: place.longitude };
    }
    const found = await this.provider.search(place.city);
    return {
      name: found.name,
      country: found.country,
      latitude: found.latitude,
      longitude: found.longitude,
    };
  }

  /**
   * Cache-aside with single flight and stale-if-error: a fresh entry answers
   * at once; otherwise one fetch per key runs, whose result every request
   * waiting on it gets and the cache keeps for TTL + stale window; when that
   * fetch fails with the provider at fault, an expired entry still within its
   * stale window answers instead. Any other failure is a miss that rejects.
   */
  async #lookup(
    key: string,
    fetch: () => Promise<Omit<Entry, "fetchedAt">>,
  ): Promise<{ entry: Entry; source: Source }> {
    const held = await this.#read(key);
    const age = held ? this.now() - Date.parse(held.fetchedAt) : Number.POSITIVE_INFINITY;
    if (held && age < this.policy.ttlMs) {
      this.#hits += 1;
      return { entry: held, source: "HIT" };
    }
    try {
      const fresh = await this.#fly(key, fetch);
      this.#misses += 1;
      return { entry: fresh, source: "MISS" };
    } catch (error) {
      if (held && error instanceof ProviderError && age < this.policy.ttlMs + this.policy.staleMs) {
        this.log.warn(
          { key, err: error },
          "weather provider failed; answering from an expired entry",
        );
        this.#stale += 1;
        return { entry: held, source: "STALE" };
      }
      this.#misses += 1;
      throw error;
    }
  }

  /** The one fetch of `key` in flight, started if there is none. */
  #fly(key: string, fetch: () => Promise<Omit<Entry, "fetchedAt">>): Promise<Entry> {
    const pending = this.#flights.get(key);
    if (pending) {
      return pending;
    }
    const flight = (async () => {
      const fresh: Entry = { ...(await fetch()), fetchedAt: new Date(this.now()).toISOString() };
      await this.#write(key, fresh);
      return fresh;
    })().finally(() => this.#flights.delete(key));
    this.#flights.set(key, flight);
    return flight;
  }

  /** The entry under `key`, if the cache holds one. A cache that cannot be asked is a miss. */
  async #read(key: string): Promise<Entry | undefined> {
    let text: string | undefined;
    try {
      text = await this.store.get(key);
    } catch (error) {
      this.log.warn({ err: error }, "cache unavailable; asking the provider");
      return undefined;
    }
    if (text === undefined) {
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as Entry;
      if (typeof entry.fetchedAt !== "string" || Number.isNaN(Date.parse(entry.fetchedAt))) {
        throw new Error("an entry without fetchedAt");
      }
      return entry;
    } catch (error) {
      this.log.warn({ key, err: error }, "unreadable cache entry; asking the provider");
      return undefined;
    }
  }

  /** Keeps `fresh` for TTL + the stale window, so that it can answer stale once expired. */
  async #write(key: string, fresh: Entry): Promise<void> {
    try {
      await this.store.set(key, JSON.stringify(fresh), this.policy.ttlMs + this.policy.staleMs);
    } catch (error) {
      this.log.warn({ key, err: error }, "could not cache an answer");
    }
  }

  /** Rejects when the cache does not answer. */
  async ping(): Promise<void> {
    await this.store.ping();
  }
}
