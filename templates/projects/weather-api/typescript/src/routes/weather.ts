import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { Counter } from "prom-client";
import { type FieldError, HttpProblem, problemResponses } from "../http/problems.js";
import { CurrentQuery, CurrentReport, ForecastQuery, ForecastReport } from "../schemas.js";
import { NotFoundError, ProviderError } from "../weather/openmeteo.js";
import { type Place, type Query, readDays, readPlace } from "../weather/place.js";
import type { Source } from "../weather/service.js";

/** The place (and days) a request asks about, or a 400 naming every parameter at fault. */
function readRequest(request: FastifyRequest, withDays: boolean): { place: Place; days: number } {
  const query = request.query as Query;
  const { place, errors } = readPlace(query);
  const all: FieldError[] = [...errors];
  let days = 0;
  if (withDays) {
    const read = readDays(query);
    days = read.days;
    all.push(...read.errors);
  }
  if (!place || all.length) {
    throw new HttpProblem(400, "the request is invalid", all);
  }
  return { place, days };
}

/** The documented failures of both weather routes. */
const FAILURES = problemResponses(400, 404, 429, 502, 504);

/**
 * `/weather/current` and `/weather/forecast`. Per client address, cache hits
 * included (a hit is cheap for the provider but not free for this server),
 * limited in this plugin only: `/cache/stats`, the probes and `/metrics` are not.
 */
export async function weatherRoutes(app: FastifyInstance): Promise<void> {
  const timeoutSeconds = app.config.upstreamTimeoutSeconds;

  // Counted where /cache/stats counts, so the two never disagree.
  new Counter({
    name: "weather_cache_requests_total",
    help: "Weather answers, by where they came from: a fresh cache entry, the provider, or an expired entry while the provider failed.",
    labelNames: ["result"],
    registers: [app.metrics],
    collect() {
      const { hits, misses, stale } = app.weather.stats();
      this.reset();
      this.inc({ result: "hit" }, hits);
      this.inc({ result: "miss" }, misses);
      this.inc({ result: "stale" }, stale);
    },
  });

  await app.register(rateLimit, {
    max: app.config.rateLimitPerMinute,
    timeWindow: "1 minute",
  });

  /**
   * A lookup that failed: 404 for a city the provider does not know, 504 when
   * it did not answer in time, 502 for anything else it did wrong. The
   * provider's own words go to the log, never to the caller.
   */
  const failure = (request: FastifyRequest, place: Place, error: unknown): Error => {
    const headers = { "X-Cache": "MISS" satisfies Source };
    if (error instanceof NotFoundError && place.kind === "city") {
      const detail = `Open-Meteo knows no city named ${JSON.stringify(place.city)}`;
      return new HttpProblem(404, detail, undefined, headers);
    }
    if (error instanceof ProviderError) {
      request.log.warn({ err: error }, "weather provider failed");
      if (error.timeout) {
        const detail = `the weather provider Open-Meteo did not answer within ${timeoutSeconds}s`;
        return new HttpProblem(504, detail, undefined, headers);
      }
      const detail =
        "the weather provider Open-Meteo failed to answer with a forecast; try again shortly";
      return new HttpProblem(502, detail, undefined, headers);
    }
    return error instanceof Error ? error : new Error(String(error));
  };

  // The query is read by weather/place.ts (readRequest), which names every
  // parameter at fault; the schema documents it, so it is not also compiled.
  const documentOnly = () => () => true;

  app.get(
    "/current",
    {
      validatorCompiler: documentOnly,
      schema: {
        summary: "The weather now, by city or coordinates",
        tags: ["weather"],
        querystring: CurrentQuery,
        response: { 200: CurrentReport, ...FAILURES },
      },
    },
    async (request, reply) => {
      const { place } = readRequest(request, false);
      try {
        const { report, source } = await app.weather.current(place);
        reply.header("X-Cache", source);
        return report;
      } catch (error) {
        throw failure(request, place, error);
      }
    },
  );

  app.get(
    "/forecast",
    {
      validatorCompiler: documentOnly,
      schema: {
        summary: "The daily forecast, today first, by city or coordinates",
        tags: ["weather"],
        querystring: ForecastQuery,
        response: { 200: ForecastReport, ...FAILURES },
      },
    },
    async (request, reply) => {
      const { place, days } = readRequest(request, true);
      try {
        const { report, source } = await app.weather.forecast(place, days);
        reply.header("X-Cache", source);
        return report;
      } catch (error) {
        throw failure(request, place, error);
      }
    },
  );
}
