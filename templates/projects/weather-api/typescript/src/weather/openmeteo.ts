/**
 * The client of the weather provider, Open-Meteo: its geocoding search and
 * its forecast API, the only two calls the service makes. Every call goes
 * through Node's fetch (undici, which keeps connections to the two hosts
 * alive and reuses them), is bounded by an AbortSignal timeout that covers
 * the body too, and whatever the provider answers that is not the data asked
 * for becomes a ProviderError that carries no part of its body.
 */

/** The most of an answer read: a forecast is a few kilobytes. */
const MAX_BODY_BYTES = 1024 * 1024;

/** The geocoding search knows no place of that name. */
export class NotFoundError extends Error {
  override name = "NotFoundError";
}

/**
 * A call that failed: the provider did not answer in time, answered with an
 * error status, or answered something that is not the data asked for. It
 * says which, never what the provider's body said.
 */
export class ProviderError extends Error {
  override name = "ProviderError";

  constructor(
    readonly call: "search" | "forecast",
    readonly reason: string,
    readonly timeout = false,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(`open-meteo ${call}: ${reason}`, options);
  }
}

/** What the geocoding search found. */
export interface FoundPlace {
  name: string;
  /** Some places have none. */
  country: string | null;
  latitude: number;
  longitude: number;
}

/** The weather now at a point. */
export interface Now {
  /** When it was observed, UTC, to the minute. */
  time: Date;
  temperatureC: number;
  windSpeedKmh: number;
  weatherCode: number;
}

/** One day of a forecast, in UTC. */
export interface DailyEntry {
  /** YYYY-MM-DD */
  date: string;
  minC: number;
  maxC: number;
  precipitationMm: number;
  weatherCode: number;
}

export interface ProviderOptions {
  geocodingUrl: string;
  forecastUrl: string;
  timeoutMs: number;
  userAgent: string;
}

const CURRENT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const isNumber = (value: unknown): value is number =>
  typeof value === "number" && Number.isFinite(value);
const isCode = (value: unknown): value is number => Number.isInteger(value);
const inRange = (value: number, bound: number) => value >= -bound && value <= bound;

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || isTimeout(error.cause));
}

export class OpenMeteo {
  #calls = 0;

  constructor(private readonly options: ProviderOptions) {}

  /** How many requests the client has sent to the provider. */
  get calls(): number {
    return this.#calls;
  }

  /** Finds the place called `name`, or rejects with NotFoundError. */
  async search(name: string): Promise<FoundPlace> {
    const body = await this.#get("search", `${this.options.geocodingUrl}/v1/search`, {
      name,
      count: "1",
    });
    // No `results` key at all, or an empty list: nothing has that name.
    const results = (body as { results?: unknown }).results;
    if (results === undefined || results === null || (Array.isArray(results) && !results.length)) {
      throw new NotFoundError(`no place named ${JSON.stringify(name)}`);
    }
    const found = (Array.isArray(results) ? results[0] : undefined) as
      | Record<string, unknown>
      | undefined;
    const { name: foundName, country, latitude, longitude } = found ?? {};
    if (
      typeof foundName !== "string" ||
      !isNumber(latitude) ||
      !isNumber(longitude) ||
      !inRange(latitude, 90) ||
      !inRange(longitude, 180) ||
      (country !== undefined && country !== null && typeof country !== "string")
    ) {
      throw new ProviderError("search", "a result without a name or coordinates");
    }
    return { name: foundName, country: country ?? null, latitude, longitude };
  }

  /** The current weather at a point. */
  async current(latitude: number, longitude: number): Promise<Now> {
    const body = await this.#get("forecast", `${this.options.forecastUrl}/v1/forecast`, {
      ...point(latitude, longitude),
      current: "temperature_2m,wind_speed_10m,weather_code",
    });
    const now = (body as { current?: Record<string, unknown> }).current ?? {};
    const { time, temperature_2m, wind_speed_10m, weather_code } = now;
    if (
      typeof time !== "string" ||
      !CURRENT_TIME.test(time) ||
      !isNumber(temperature_2m) ||
      !isNumber(wind_speed_10m) ||
      !isCode(weather_code)
    ) {
      throw new ProviderError("forecast", "an answer without the current weather");
    }
    const observed = new Date(`${time}:00Z`);
    if (Number.isNaN(observed.getTime())) {
      throw new ProviderError("forecast", "current.time is not a time");
    }
    return {
      time: observed,
      temperatureC: temperature_2m,
      windSpeedKmh: wind_speed_10m,
      weatherCode: weather_code as number,
    };
  }

  /** The forecast of the next `days` days (today first) at a point. */
  async daily(latitude: number, longitude: number, days: number): Promise<DailyEntry[]> {
    const body = await this.#get("forecast", `${this.options.forecastUrl}/v1/forecast`, {
      ...point(latitude, longitude),
      daily: "temperature_2m_max,temperature_2m_min,precipitation_sum,weather_code",
      forecast_days: String(days),
    });
    const daily = (body as { daily?: Record<string, unknown> }).daily ?? {};
    const column = (name: string): unknown[] => {
      const values = daily[name];
      return Array.isArray(values) ? values : [];
    };
    const [time, max, min, precipitation, code] = [
      column("time"),
      column("temperature_2m_max"),
      column("temperature_2m_min"),
      column("precipitation_sum"),
      column("weather_code"),
    ];
    const result: DailyEntry[] = [];
    for (let i = 0; i < days; i += 1) {
      const [date, maxC, minC, mm, weatherCode] = [
        time[i],
        max[i],
        min[i],
        precipitation[i],
        code[i],
      ];
      if (
        typeof date !== "string" ||
        !DATE.test(date) ||
        !isNumber(maxC) ||
        !isNumber(minC) ||
        !isNumber(mm) ||
        !isCode(weatherCode)
      ) {
        throw new ProviderError("forecast", `an answer without ${days} days of forecast`);
      }
      result.push({ date, minC, maxC, precipitationMm: mm, weatherCode: weatherCode as number });
    }
    return result;
  }

  /** Sends one GET and parses a 200's JSON body. */
  async #get(
    call: "search" | "forecast",
    endpoint: string,
    query: Record<string, string>,
  ): Promise<unknown> {
    this.#calls += 1;
    // One signal for the whole exchange: the answer's headers and its body.
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    let response: Response;
    try {
      response = await fetch(`${endpoint}?${new URLSearchParams(query)}`, {
        headers: { accept: "application/json", "user-agent": this.options.userAgent },
        signal,
      });
    } catch (error) {
      const timeout = isTimeout(error);
      throw new ProviderError(
        call,
        timeout ? "no answer in time" : "unreachable",
        timeout,
        undefined,
        {
          cause: error,
        },
      );
    }
    try {
      if (response.status !== 200) {
        // The body is the provider's business, not the caller's: it is dropped.
        throw new ProviderError(call, `status ${response.status}`, false, response.status);
      }
      const bytes = await response.arrayBuffer();
      if (bytes.byteLength > MAX_BODY_BYTES) {
        throw new ProviderError(call, "an answer larger than expected");
      }
      const body: unknown = JSON.parse(new TextDecoder().decode(bytes));
      if (body === null || typeof body !== "object" || Array.isArray(body)) {
        throw new ProviderError(call, "not the JSON object expected");
      }
      return body;
    } catch (error) {
      if (error instanceof ProviderError) {
        await response.body?.cancel().catch(() => {});
        throw error;
      }
      const timeout = isTimeout(error);
      throw new ProviderError(
        call,
        timeout ? "no answer in time" : "not the JSON expected",
        timeout,
        undefined,
        {
          cause: error,
        },
      );
    }
  }
}

/** The query of a forecast at these coordinates, in UTC. */
function point(latitude: number, longitude: number): Record<string, string> {
  return { latitude: String(latitude), longitude: String(longitude), timezone: "UTC" };
}
