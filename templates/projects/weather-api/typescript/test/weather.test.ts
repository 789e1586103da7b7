import { describe, expect, test } from "vitest";
import { expectProblem, fieldsOf } from "./support/problems.js";
import { useWeather } from "./support/weather.js";

const get = (t: ReturnType<typeof useWeather>, url: string) => t.app.inject({ method: "GET", url });

describe("current weather", () => {
  const t = useWeather();

  test("by city: the provider's place and weather, then the same answer from the cache", async () => {
    const first = await get(t, "/weather/current?city=Paris");
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers["x-cache"]).toBe("MISS");
    const body = first.json();
    expect(body).toEqual({
      location: { name: "Paris", country: "France", latitude: 48.85341, longitude: 2.3488 },
      current: {
        temperatureC: 4.5,
        windSpeedKmh: 11.2,
        weatherCode: 3,
        description: "Overcast",
        observedAt: "2026-12-06T10:00:00.000Z",
      },
      cached: false,
      fetchedAt: "2026-12-06T10:30:00.000Z",
    });
    expect(t.provider.last.forecast?.query.get("latitude")).toBe("48.85341");
    expect(t.provider.last.forecast?.query.get("timezone")).toBe("UTC");

    const second = await get(t, "/weather/current?city=Paris");
    expect(second.headers["x-cache"]).toBe("HIT");
    expect(second.json()).toEqual({ ...body, cached: true });
    expect(t.provider.calls).toEqual({ search: 1, forecast: 1 });
  });

  test("city keys ignore case and surrounding space, for every Unicode letter", async () => {
    // The fake folds the name it is asked for as well.
    t.provider.places.set("strasse", {
      name: "Straße",
      country: null,
      latitude: 10,
      longitude: 20,
    });
    expect((await get(t, "/weather/current?city=Stra%C3%9Fe")).headers["x-cache"]).toBe("MISS");
    for (const variant of ["%20STRASSE%20", "strasse", "STRA%C3%9FE"]) {
      const response = await get(t, `/weather/current?city=${variant}`);
      expect(response.headers["x-cache"], variant).toBe("HIT");
    }
    expect(t.provider.calls).toEqual({ search: 1, forecast: 1 });
  });

  test("by coordinates: no name or country, the point rounded to two decimals", async () => {
    const first = await get(t, "/weather/current?lat=48.8566&lon=-0.001");
    expect(first.statusCode).toBe(200);
    expect(first.json().location).toEqual({
      name: null,
      country: null,
      latitude: 48.86,
      longitude: 0,
    });
    expect(t.provider.last.forecast?.query.get("longitude")).toBe("0");
    const near = await get(t, "/weather/current?lat=48.857&lon=0.004");
    expect(near.headers["x-cache"]).toBe("HIT");
    expect(t.provider.calls).toEqual({ search: 0, forecast: 1 });
  });

  test("an unknown city is a 404 that is not cached, and says X-Cache: MISS", async () => {
    for (let i = 0; i < 2; i += 1) {
      const response = await get(t, "/weather/current?city=Atlantis");
      const body = expectProblem(response, 404);
      expect(body.detail).toBe('Open-Meteo knows no city named "Atlantis"');
      expect(response.headers["x-cache"]).toBe("MISS");
    }
    expect(t.provider.calls).toEqual({ search: 2, forecast: 0 });
  });

  test("twenty concurrent misses make one geocoding call and one forecast call", async () => {
    t.provider.mode.search = "slow";
    t.provider.slowMs = 300;
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => get(t, "/weather/current?city=paris")),
    );
    expect(responses.map((response) => response.statusCode)).toEqual(Array(20).fill(200));
    expect(new Set(responses.map((response) => response.json().fetchedAt)).size).toBe(1);
    expect(t.provider.calls).toEqual({ search: 1, forecast: 1 });
  });

  test("every call names this service in its User-Agent and reuses connections", async () => {
    for (const lat of ["1", "2", "3", "4", "5", "6", "7", "8"]) {
      expect((await get(t, `/weather/current?lat=${lat}&lon=5`)).statusCode).toBe(200);
    }
    expect(t.provider.last.forecast?.userAgent).toMatch(/^[a-z0-9_-]+\/1\.0 \(weather-api; /);
    expect(t.provider.calls.forecast).toBe(8);
    expect(t.provider.connections).toBeLessThanOrEqual(2);
  });
});

describe("forecast", () => {
  const t = useWeather();

  test("three days by default, today first, each described", async () => {
    const response = await get(t, "/weather/forecast?city=paris");
    expect(response.statusCode).toBe(200);
    const { days, location } = response.json();
    expect(location.name).toBe("Paris");
    expect(days).toHaveLength(3);
    expect(days[0]).toEqual({
      date: "2026-12-06",
      minC: 1,
      maxC: 6,
      precipitationMm: 0,
      weatherCode: 61,
      description: "Slight rain",
    });
    expect(days.map((day: { date: string }) => day.date)).toEqual([
      "2026-12-06",
      "2026-12-07",
      "2026-12-08",
    ]);
    expect(t.provider.last.forecast?.query.get("forecast_days")).toBe("7");
  });

  test("one entry of seven days serves every `days`, apart from the current weather's", async () => {
    expect((await get(t, "/weather/forecast?lat=1&lon=1&days=7")).json().days).toHaveLength(7);
    const one = await get(t, "/weather/forecast?lat=1&lon=1&days=1");
    expect(one.headers["x-cache"]).toBe("HIT");
    expect(one.json().days).toHaveLength(1);
    expect((await get(t, "/weather/current?lat=1&lon=1")).headers["x-cache"]).toBe("MISS");
    expect(t.provider.calls.forecast).toBe(2);
  });

  test.each(["0", "8", "-1", "3.5", "three", "", "1e1"])("days=%j is a 400", async (days) => {
    expect(fieldsOf(await get(t, `/weather/forecast?lat=1&lon=1&days=${days}`))).toEqual(["days"]);
  });
});

describe("invalid queries", () => {
  const t = useWeather();

  test.each([
    ["", ["city"]],
    ["city=Paris&lat=1&lon=2", ["city"]],
    ["city=", ["city"]],
    ["city=%20%20", ["city"]],
    [`city=${"x".repeat(101)}`, ["city"]],
    ["city=a%07b", ["city"]],
    ["lat=47.37", ["lon"]],
    ["lon=8.55", ["lat"]],
    ["lat=north&lon=8.55", ["lat"]],
    ["lat=47.37&lon=", ["lon"]],
    ["lat=47,37&lon=8.55", ["lat"]],
    ["lat=NaN&lon=Infinity", ["lat", "lon"]],
    ["lat=1e1&lon=0x10", ["lat", "lon"]],
    ["lat=90.01&lon=-180.5", ["lat", "lon"]],
  ])("?%s is a 400 naming %j, and never reaches the provider", async (query, fields) => {
    for (const path of ["/weather/current", "/weather/forecast"]) {
      const response = await get(t, `${path}?${query}`);
      expect(fieldsOf(response)).toEqual(fields);
      expect(response.headers["x-cache"]).toBeUndefined();
    }
    expect(t.provider.calls).toEqual({ search: 0, forecast: 0 });
  });

  test("the bounds themselves are valid", async () => {
    for (const query of ["lat=90&lon=180", "lat=-90&lon=-180", "lat=-0.5&lon=179.999"]) {
      expect((await get(t, `/weather/current?${query}`)).statusCode, query).toBe(200);
    }
  });
});

describe("a failing provider", () => {
  const t = useWeather();

  test("a 5xx is a 502 that names the provider, never its body, and is not cached", async () => {
    t.provider.mode.forecast = "error";
    for (const path of ["/weather/current", "/weather/forecast"]) {
      const response = await get(t, `${path}?lat=3&lon=4`);
      const body = expectProblem(response, 502);
      expect(body.detail).toMatch(/Open-Meteo/);
      expect(response.body).not.toContain("secret");
      expect(response.headers["x-cache"]).toBe("MISS");
    }
    t.provider.mode.forecast = "ok";
    expect((await get(t, "/weather/current?lat=3&lon=4")).headers["x-cache"]).toBe("MISS");
  });

  test("a malformed answer is a 502", async () => {
    t.provider.mode.search = "malformed";
    expectProblem(await get(t, "/weather/current?city=Paris"), 502);
    t.provider.mode.search = "ok";
    t.provider.mode.forecast = "malformed";
    expectProblem(await get(t, "/weather/forecast?city=Paris"), 502);
  });

  test("no answer within UPSTREAM_TIMEOUT_SECONDS is a 504, in time", async () => {
    t.provider.mode.forecast = "slow";
    const started = performance.now();
    const body = expectProblem(await get(t, "/weather/current?lat=5&lon=6"), 504);
    expect(performance.now() - started).toBeLessThan(2_500);
    expect(body.detail).toBe("the weather provider Open-Meteo did not answer within 1s");
  });

  test("an expired entry answers, STALE with its fetchedAt, while the provider fails", async () => {
    const fresh = (await get(t, "/weather/current?city=Paris")).json();
    t.advance(601);
    t.provider.mode.forecast = "error";
    const stale = await get(t, "/weather/current?city=Paris");
    expect(stale.statusCode).toBe(200);
    expect(stale.headers["x-cache"]).toBe("STALE");
    expect(stale.json()).toEqual({ ...fresh, cached: true });

    // Once the provider is back, the entry is refreshed.
    t.provider.mode.forecast = "ok";
    const refreshed = await get(t, "/weather/current?city=Paris");
    expect(refreshed.headers["x-cache"]).toBe("MISS");
    expect(refreshed.json().fetchedAt).toBe("2026-12-06T10:40:01.000Z");
  });

  test("a slow provider is answered from the expired entry too", async () => {
    await get(t, "/weather/forecast?lat=7&lon=8");
    t.advance(601);
    t.provider.mode.forecast = "slow";
    const response = await get(t, "/weather/forecast?lat=7&lon=8");
    expect(response.headers["x-cache"]).toBe("STALE");
  });

  test("an entry older than the stale window is not served", async () => {
    await get(t, "/weather/current?lat=9&lon=9");
    t.advance(600 + 3600);
    t.provider.mode.forecast = "error";
    const response = await get(t, "/weather/current?lat=9&lon=9");
    expectProblem(response, 502);
    expect(response.headers["x-cache"]).toBe("MISS");
  });

  test("an unknown city is never served stale", async () => {
    t.provider.places.set("vanishing", {
      name: "Vanishing",
      country: "Nowhere",
      latitude: 1,
      longitude: 1,
    });
    expect((await get(t, "/weather/current?city=vanishing")).statusCode).toBe(200);
    t.advance(601);
    t.provider.places.delete("vanishing");
    expectProblem(await get(t, "/weather/current?city=vanishing"), 404);
  });
});

describe("/cache/stats and the metric", () => {
  const t = useWeather();

  test("count hits, misses, stale answers and provider calls alike", async () => {
    await get(t, "/weather/current?city=Paris"); // miss: 2 provider calls
    await get(t, "/weather/current?city=paris"); // hit
    t.advance(601);
    t.provider.mode.forecast = "error";
    await get(t, "/weather/current?city=Paris"); // stale: 2 calls (search, then the failing forecast)
    await get(t, "/weather/current?lat=1&lon=1"); // miss (a 502): 1 call
    const stats = await get(t, "/cache/stats");
    expect(stats.statusCode).toBe(200);
    expect(stats.json()).toEqual({ hits: 1, misses: 2, stale: 1, upstreamCalls: 5 });
    const metrics = (await get(t, "/metrics")).body;
    expect(metrics).toContain("# TYPE weather_cache_requests_total counter");
    expect(metrics).toContain('weather_cache_requests_total{result="hit"} 1');
    expect(metrics).toContain('weather_cache_requests_total{result="miss"} 2');
    expect(metrics).toContain('weather_cache_requests_total{result="stale"} 1');
    expect(metrics).toContain(
      'http_requests_total{method="GET",route="/weather/current",status="502"} 1',
    );
  });
});

describe("the rate limit", () => {
  const t = useWeather({ rateLimitPerMinute: 3 });

  test("counts cache hits, per client address, and then answers 429 with Retry-After", async () => {
    for (let i = 0; i < 3; i += 1) {
      expect((await get(t, "/weather/current?lat=1&lon=2")).statusCode).toBe(200);
    }
    const limited = await get(t, "/weather/forecast?lat=1&lon=2");
    expectProblem(limited, 429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    const other = await t.app.inject({
      url: "/weather/current?lat=1&lon=2",
      remoteAddress: "127.0.0.2",
    });
    expect(other.statusCode).toBe(200);
  });

  test("leaves /cache/stats and the probes alone", async () => {
    for (let i = 0; i < 5; i += 1) {
      for (const url of ["/cache/stats", "/healthz", "/readyz", "/metrics"]) {
        expect((await get(t, url)).statusCode, url).toBe(200);
      }
    }
  });
});

describe("the service", () => {
  const t = useWeather();

  test("/readyz answers while the cache does", async () => {
    expect((await get(t, "/readyz")).json()).toEqual({ status: "ok" });
    expect((await get(t, "/healthz")).json()).toEqual({ status: "ok" });
  });

  test("the OpenAPI document lists the routes and their query parameters", async () => {
    const { paths } = (await get(t, "/openapi.json")).json();
    const names = (path: string) =>
      paths[path].get.parameters.map((parameter: { name: string }) => parameter.name);
    expect(names("/weather/current")).toEqual(["city", "lat", "lon"]);
    expect(names("/weather/forecast")).toEqual(["city", "lat", "lon", "days"]);
    expect(Object.keys(paths["/weather/current"].get.responses).sort()).toEqual([
      "200",
      "400",
      "404",
      "429",
      "502",
      "504",
    ]);
    expect(paths["/cache/stats"].get.responses["200"]).toBeDefined();
  });
});
