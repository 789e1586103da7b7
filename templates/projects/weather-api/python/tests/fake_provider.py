"""A fake Open-Meteo for the tests: a real HTTP server on a local port, in a
thread, answering the two calls the client makes, with places a test adds,
call counters, and modes that make the next answers slow, failing or
malformed. The tests of this repository never reach the real provider.
"""

import json
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

SEARCH = "search"
FORECAST = "forecast"


@dataclass
class Mode:
    """How the next answers of a route go wrong."""

    delay: float = 0.0  # wait this long before answering
    status: int | None = None  # answer this status with `body` instead of the data
    body: str = ""
    cut: bool = False  # answer the data's JSON cut in half
    shape: bool = False  # answer valid JSON of the wrong shape
    times: int | None = None  # how many calls this mode lasts; None: until changed


@dataclass
class Place:
    """A place the search finds by name, and the weather there."""

    name: str
    latitude: float
    longitude: float
    country: str | None = "Norway"
    weather_code: int = 61
    temperature_c: float = 7.5


@dataclass
class _State:
    places: dict[str, Place] = field(default_factory=dict)
    modes: dict[str, Mode] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=lambda: {SEARCH: 0, FORECAST: 0})
    connections: int = 0
    user_agents: list[str] = field(default_factory=list)
    queries: list[dict[str, str]] = field(default_factory=list)


WRONG_SHAPES: dict[str, Any] = {
    SEARCH: {"results": [{"name": 42, "latitude": "north", "longitude": []}]},
    FORECAST: {
        "current": {"time": 1700000000, "temperature_2m": "warm"},
        "daily": {"time": "soon"},
    },
}


class FakeProvider:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state = _State()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, so connection reuse can be counted

            def setup(self) -> None:
                super().setup()
                with fake._lock:
                    fake._state.connections += 1

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                status, body = fake._answer(self.path, self.headers.get("User-Agent", ""))
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    # The client gave up first (a timeout under test): nobody to answer.
                    self.close_connection = True

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        with self._lock:
            self._state = _State()
        self.add(Place("Oslo", 59.91273, 10.74609))

    def add(self, place: Place) -> None:
        with self._lock:
            self._state.places[place.name.casefold()] = place

    def set(self, route: str, mode: Mode | None) -> None:
        with self._lock:
            if mode is None:
                self._state.modes.pop(route, None)
            else:
                self._state.modes[route] = mode

    def calls(self, route: str) -> int:
        with self._lock:
            return self._state.calls[route]

    @property
    def connections(self) -> int:
        with self._lock:
            return self._state.connections

    @property
    def user_agents(self) -> list[str]:
        with self._lock:
            return list(self._state.user_agents)

    @property
    def queries(self) -> list[dict[str, str]]:
        with self._lock:
            return list(self._state.queries)

    def _answer(self, path: str, user_agent: str) -> tuple[int, bytes]:
        parts = urlsplit(path)
        query = {name: values[0] for name, values in parse_qs(parts.query).items()}
        route = {"/v1/search": SEARCH, "/v1/forecast": FORECAST}.get(parts.path)
        if route is None:
            return 404, b'{"error":true,"reason":"Not Found"}'
        with self._lock:
            self._state.calls[route] += 1
            self._state.user_agents.append(user_agent)
            self._state.queries.append(query)
            mode = self._state.modes.get(route)
            if mode is not None and mode.times is not None:
                mode.times -= 1
                if mode.times <= 0:
                    del self._state.modes[route]
            places = dict(self._state.places)
        if mode is not None and mode.delay:
            time.sleep(mode.delay)
        if mode is not None and mode.status is not None:
            return mode.status, mode.body.encode()
        if mode is not None and mode.shape:
            return 200, json.dumps(WRONG_SHAPES[route]).encode()
        data = _search(places, query) if route == SEARCH else _forecast(places, query)
        body = json.dumps(data).encode()
        if mode is not None and mode.cut:
            body = body[: len(body) // 2]
        return 200, body


def _search(places: dict[str, Place], query: dict[str, str]) -> dict[str, Any]:
    place = places.get(query.get("name", "").casefold())
    if place is None:
        return {"generationtime_ms": 0.5}  # Open-Meteo's answer for no match: no `results`
    return {
        "results": [
            {
                "id": 1,
                "name": place.name,
                "latitude": place.latitude,
                "longitude": place.longitude,
                "country": place.country,
            }
        ]
    }


def _forecast(places: dict[str, Place], query: dict[str, str]) -> dict[str, Any]:
    latitude, longitude = float(query["latitude"]), float(query["longitude"])
    found = next(
        (p for p in places.values() if (p.latitude, p.longitude) == (latitude, longitude)), None
    )
    code = found.weather_code if found else 3
    temperature = found.temperature_c if found else 12.25
    now = datetime.now(UTC)
    answer: dict[str, Any] = {"latitude": latitude, "longitude": longitude, "timezone": "UTC"}
    if "current" in query:
        answer["current"] = {
            "time": now.replace(minute=now.minute // 15 * 15).strftime("%Y-%m-%dT%H:%M"),
            "temperature_2m": temperature,
            "wind_speed_10m": 14.0,
            "weather_code": code,
        }
    if "daily" in query:
        days = int(query.get("forecast_days", "7"))
        answer["daily"] = {
            "time": [(now.date() + timedelta(days=day)).isoformat() for day in range(days)],
            "temperature_2m_max": [temperature + 3 + day for day in range(days)],
            "temperature_2m_min": [temperature - 2 + day for day in range(days)],
            "precipitation_sum": [0.5 * day for day in range(days)],
            "weather_code": [code] * days,
        }
    return answer
