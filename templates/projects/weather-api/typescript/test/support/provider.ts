import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A place the fake geocoding search knows, with the weather the fake forecast gives it. */
export interface FakePlace {
  name: string;
  country: string | null;
  latitude: number;
  longitude: number;
  weatherCode?: number;
  temperatureC?: number;
}

/** What the next calls of a route do: answer, fail with a 500, answer garbage, or take their time. */
export type Mode = "ok" | "error" | "malformed" | "slow";

/**
 * An in-process fake of Open-Meteo on a port of its own: the two calls the
 * server may make (CONTRACTS.md), the places it knows, counters of the calls
 * and of the connections they came on, and modes that make the next calls
 * fail. `geocodingUrl` and `weatherUrl` carry a path, as the matrix's fake does.
 */
export class FakeProvider {
  readonly places = new Map<string, FakePlace>([
    ["paris", { name: "Paris", country: "France", latitude: 48.85341, longitude: 2.3488 }],
  ]);
  readonly calls = { search: 0, forecast: 0 };
  /** The last request's query and User-Agent, by route. */
  readonly last: Record<string, { query: URLSearchParams; userAgent?: string }> = {};
  connections = 0;
  mode: Record<"search" | "forecast", Mode> = { search: "ok", forecast: "ok" };
  slowMs = 3_000;
  readonly #server = createServer((request, response) => this.#answer(request, response));
  #base = "";

  async start(): Promise<this> {
    this.#server.on("connection", () => {
      this.connections += 1;
    });
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    const { port } = this.#server.address() as AddressInfo;
    this.#base = `http://127.0.0.1:${port}`;
    return this;
  }

  get geocodingUrl(): string {
    return `${this.#base}/geocoding`;
  }

  get weatherUrl(): string {
    return `${this.#base}/forecast`;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #answer(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? "/", "http://fake");
    const route =
      url.pathname === "/geocoding/v1/search"
        ? "search"
        : url.pathname === "/forecast/v1/forecast"
          ? "forecast"
          : undefined;
    if (route === undefined) {
      response.writeHead(404).end();
      return;
    }
    this.calls[route] += 1;
    this.last[route] = { query: url.searchParams, userAgent: request.headers["user-agent"] };
    const send = (status: number, body: string) => {
      response.writeHead(status, { "content-type": "application/json" }).end(body);
    };
    switch (this.mode[route]) {
      case "error":
        send(500, '{"error":true,"reason":"upstream secret: database exploded"}');
        return;
      case "malformed":
        send(200, route === "search" ? '{"results":[{"name":"X"}]}' : '{"current":{}}');
        return;
      case "slow":
        setTimeout(() => send(200, JSON.stringify(this.#body(route, url))), this.slowMs).unref();
        return;
      default:
        send(200, JSON.stringify(this.#body(route, url)));
    }
  }

  #body(route: "search" | "forecast", url: URL): unknown {
    const query = url.searchParams;
    if (route === "search") {
      const place = this.places.get((query.get("name") ?? "").toUpperCase().toLowerCase());
      if (!place) {
        return { generationtime_ms: 0.1 };
      }
      const { name, country, latitude, longitude } = place;
      return { results: [{ id: 1, name, country, latitude, longitude }] };
    }
    const latitude = Number(query.get("latitude"));
    const longitude = Number(query.get("longitude"));
    const place = [...this.places.values()].find(
      (known) => known.latitude === latitude && known.longitude === longitude,
    );
    const code = place?.weatherCode ?? 3;
    const days = Number(query.get("forecast_days") ?? "7");
    const dates = Array.from({ length: days }, (_, day) =>
      new Date(Date.UTC(2026, 11, 6 + day)).toISOString().slice(0, 10),
    );
    return {
      latitude,
      longitude,
      current: {
        time: "2026-12-06T10:00",
        temperature_2m: place?.temperatureC ?? 4.5,
        wind_speed_10m: 11.2,
        weather_code: code,
      },
      daily: {
        time: dates,
        temperature_2m_max: dates.map((_, day) => 6 + day),
        temperature_2m_min: dates.map((_, day) => 1 + day),
        precipitation_sum: dates.map((_, day) => day * 0.5),
        weather_code: dates.map((_, day) => (day === 0 ? 61 : code)),
      },
    };
  }
}
