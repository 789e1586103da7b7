"""A fake Open-Meteo for the weather-api cells: the two calls CONTRACTS.md lets
the server make, with deterministic data, and a control API for the suite.

Run with PORT (and HOST, default 127.0.0.1) set; standard library only. One
process serves every cell of a run, so every path but /healthz starts with a
namespace (the runner uses the combination's slug) and each namespace has its
own counters, modes and places. runner/services.py hands a cell

    GEOCODING_API_URL=http://127.0.0.1:<port>/<namespace>/geocoding
    WEATHER_API_URL=http://127.0.0.1:<port>/<namespace>/forecast

Provider calls (what a server may ask; anything else under a namespace is a
404 counted as `other`):

    GET /<ns>/geocoding/v1/search?name=<city>&count=<n>
        {"results":[{"name","country","latitude","longitude"}]}; for a name it
        does not know (case and surrounding space aside), no `results` key
    GET /<ns>/forecast/v1/forecast?latitude=&longitude=&current=&daily=&forecast_days=&timezone=
        {"current":{"time",…},"daily":{"time":[…],…}} with only the variables
        asked for (as Open-Meteo does), `current.time` YYYY-MM-DDTHH:MM in UTC;
        400 {"error":true,"reason"} for a bad or missing parameter

The API segment (`geocoding`, `forecast`) is optional, but when present it must
match the call: a server that sends the forecast to the geocoding URL gets 404.

Data: the handful of CITIES below, the places a suite adds, and, for any other
coordinates, values derived from a hash of the coordinates rounded to 2
decimals (the same numbers every run, for every nearby point).

Control API, under /<ns>[/<api>]/__fake/ (so a suite can reach it from either URL):

    GET  calls   {"search":N,"forecast":N,"other":N,"last":{route:{"query":{…},"status":N}}}
    POST reset   counters, last calls, modes and places back to nothing
    POST mode    {"route":"search"|"forecast"|"all","mode":M,"times":N?,...}: the next N
                 calls of the route (every call until reset without `times`) answer as M:
                   slow          wait `delay` seconds (default 10), then answer normally
                   error         `status` (default 503) with `body` (default a JSON error)
                   malformed     200, application/json, the answer cut in half
                   shape         200, valid JSON of the wrong shape
                   unknown-city  (search) 200 {"results":[]}
                   normal        clears the route's mode
    POST places  {"latitude","longitude","name"?,"country"?,"weatherCode"?,"dailyCodes"?,
                  "temperatureC"?}: a place this namespace's search finds by name (when it
                 has one) and whose forecast, at those coordinates to 2 decimals, uses
                 the codes and temperature given
"""

import hashlib
import json
import math
import os
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

# (name, country, latitude, longitude, current weather code, daily weather codes from today)
CITIES = (
    ("Zürich", "Switzerland", 47.36667, 8.55, 3, (3, 61, 0, 2, 45, 3, 61)),
    ("São Paulo", "Brazil", -23.5475, -46.63611, 61, (61, 63, 80, 3, 2, 61, 95)),
    ("Reykjavík", "Iceland", 64.13548, -21.89541, 71, (71, 73, 3, 45, 0, 71, 3)),
    ("Kraków", "Poland", 50.06143, 19.93658, 45, (45, 3, 61, 71, 2, 0, 3)),
    ("Tokyo", "Japan", 35.6895, 139.69171, 0, (0, 1, 2, 3, 61, 0, 0)),
    ("Berlin", "Germany", 52.52437, 13.41053, 2, (2, 3, 61, 0, 45, 80, 3)),
)
# Codes the hash-derived data draws from (all of them WMO codes Open-Meteo uses).
WMO_CODES = (0, 1, 2, 3, 45, 48, 51, 53, 55, 61, 63, 65, 71, 73, 75, 80, 81, 82, 95)
CURRENT_VARIABLES = ("temperature_2m", "wind_speed_10m", "weather_code")
DAILY_VARIABLES = ("temperature_2m_max", "temperature_2m_min", "precipitation_sum", "weather_code")
ROUTES = {"search": ("geocoding", "v1/search"), "forecast": ("forecast", "v1/forecast")}
MODES = ("slow", "error", "malformed", "shape", "unknown-city", "normal")
NAMESPACE = re.compile(r"^[A-Za-z0-9._-]{1,200}$")
DEFAULT_ERROR_BODY = '{"error":true,"reason":"fake Open-Meteo: internal upstream failure at node fake-7"}'


class BadRequest(Exception):
    """A parameter Open-Meteo would refuse: 400 {"error":true,"reason":…}."""


@dataclass
class Mode:
    kind: str
    remaining: int | None  # None: until reset
    delay: float = 10.0
    status: int = 503
    body: str = DEFAULT_ERROR_BODY


@dataclass
class Place:
    latitude: float
    longitude: float
    name: str | None = None
    country: str | None = None
    weather_code: int | None = None
    daily_codes: tuple[int, ...] = ()
    temperature: float | None = None


@dataclass
class Namespace:
    lock: threading.Lock = field(default_factory=threading.Lock)
    calls: dict[str, int] = field(default_factory=lambda: {"search": 0, "forecast": 0, "other": 0})
    last: dict[str, dict[str, Any]] = field(default_factory=dict)
    modes: dict[str, Mode] = field(default_factory=dict)
    places: list[Place] = field(default_factory=list)

    def take_mode(self, route: str) -> Mode | None:
        """The mode this call answers in, counting it down (under the lock)."""
        mode = self.modes.get(route)
        if mode is None:
            return None
        if mode.remaining is not None:
            mode.remaining -= 1
            if mode.remaining <= 0:
                del self.modes[route]
        return mode


_namespaces: dict[str, Namespace] = {}
_namespaces_lock = threading.Lock()


def namespace(name: str) -> Namespace:
    with _namespaces_lock:
        return _namespaces.setdefault(name, Namespace())


# ---- data -------------------------------------------------------------------


def fold(name: str) -> str:
    """How the search compares names: without regard to case (every Unicode letter) and surrounding space."""
    return name.strip().casefold()


def grid(latitude: float, longitude: float) -> tuple[float, float]:
    return round(latitude, 2), round(longitude, 2)


def _unit(seed: str) -> float:
    """A number in [0, 1) that depends only on `seed`."""
    return int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big") / 2**64


def find_place(ns: Namespace, latitude: float, longitude: float) -> Place | None:
    here = grid(latitude, longitude)
    for place in ns.places:
        if grid(place.latitude, place.longitude) == here:
            return place
    for name, country, lat, lon, code, daily in CITIES:
        if grid(lat, lon) == here:
            return Place(lat, lon, name, country, code, daily)
    return None


def search(ns: Namespace, name: str, count: int) -> dict[str, Any]:
    wanted = fold(name)
    found = [
        {"name": place.name, "country": place.country, "latitude": place.latitude, "longitude": place.longitude}
        for place in ns.places
        if place.name is not None and fold(place.name) == wanted
    ]
    found += [
        {"name": city, "country": country, "latitude": lat, "longitude": lon}
        for city, country, lat, lon, _, _ in CITIES
        if fold(city) == wanted
    ]
    # Like Open-Meteo: no `results` key at all when nothing matches.
    return {"results": found[:count]} if found else {}


def _parameter_float(query: dict[str, str], name: str, bound: float) -> float:
    if name not in query:
        raise BadRequest(f"Parameter '{name}' is missing")
    try:
        value = float(query[name])
    except ValueError:
        raise BadRequest(f"Parameter '{name}' is not a number: {query[name]!r}") from None
    if not math.isfinite(value) or not -bound <= value <= bound:
        raise BadRequest(f"Parameter '{name}' must be in range of -{bound:g} to {bound:g}")
    return value


def _variables(query: dict[str, str], name: str, known: tuple[str, ...]) -> list[str]:
    asked = [part.strip() for part in query.get(name, "").split(",") if part.strip()]
    for variable in asked:
        if variable not in known:
            raise BadRequest(f"Cannot initialize WeatherVariable from invalid String value {variable}")
    return asked


def forecast(ns: Namespace, query: dict[str, str], now: datetime) -> dict[str, Any]:
    latitude = _parameter_float(query, "latitude", 90)
    longitude = _parameter_float(query, "longitude", 180)
    current_vars = _variables(query, "current", CURRENT_VARIABLES)
    daily_vars = _variables(query, "daily", DAILY_VARIABLES)
    try:
        days = int(query.get("forecast_days", "7"))
    except ValueError:
        raise BadRequest("Parameter 'forecast_days' is not an integer") from None
    if not 0 <= days <= 16:
        raise BadRequest("Forecast days is invalid. Allowed range 0 to 16.")
    place = find_place(ns, latitude, longitude)
    key = "{:.2f},{:.2f}".format(*grid(latitude, longitude))
    body: dict[str, Any] = {}
    if "current" in query:
        observed = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)
        code = place.weather_code if place and place.weather_code is not None else None
        temperature = place.temperature if place and place.temperature is not None else None
        values = {
            "temperature_2m": temperature if temperature is not None else round(-20 + 50 * _unit(f"t{key}"), 1),
            "wind_speed_10m": round(60 * _unit(f"w{key}"), 1),
            "weather_code": code if code is not None else WMO_CODES[int(_unit(f"c{key}") * len(WMO_CODES))],
        }
        body["current"] = {"time": observed.strftime("%Y-%m-%dT%H:%M"), **{v: values[v] for v in current_vars}}
    if "daily" in query:
        today = now.date()
        daily: dict[str, list[Any]] = {"time": [(today + timedelta(days=i)).isoformat() for i in range(days)]}
        for variable in daily_vars:
            daily[variable] = [_daily_value(place, key, variable, i) for i in range(days)]
        body["daily"] = daily
    return body


def _daily_value(place: Place | None, key: str, variable: str, day: int) -> float | int:
    low = round(-15 + 35 * _unit(f"min{key}/{day}"), 1)
    if variable == "temperature_2m_min":
        return low
    if variable == "temperature_2m_max":
        return round(low + 1 + 12 * _unit(f"max{key}/{day}"), 1)
    if variable == "precipitation_sum":
        return round(max(0.0, 30 * _unit(f"p{key}/{day}") - 10), 1)
    if place is not None and place.daily_codes:
        return place.daily_codes[day % len(place.daily_codes)]
    return WMO_CODES[int(_unit(f"d{key}/{day}") * len(WMO_CODES))]


WRONG_SHAPES = {
    "search": {"results": [{"name": 42, "country": None, "latitude": "north", "longitude": []}]},
    "forecast": {
        "current": {"time": 1700000000, "temperature_2m": "warm", "wind_speed_10m": None, "weather_code": "3"},
        "daily": {"time": "soon", "temperature_2m_max": 7, "weather_code": {}},
    },
}


# ---- HTTP -------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the servers under test reuse their connections
    server_version = "fake-open-meteo/1"

    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write(f"{self.log_date_time_string()} {format % args}\n")

    def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server under test gave up waiting (its timeout), as it should

    def _json(self, status: int, value: Any) -> None:
        self._send(status, json.dumps(value, ensure_ascii=False).encode())

    def _body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        return json.loads(raw) if raw else {}

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        segments = [part for part in url.path.split("/") if part]
        if segments == ["healthz"]:
            self._json(200, {"status": "ok"})
            return
        if not segments or not NAMESPACE.match(segments[0]) or segments[0] == "__fake":
            self._json(404, {"error": True, "reason": "paths start with a namespace: /<namespace>/…"})
            return
        ns = namespace(segments[0])
        rest = segments[1:]
        if "__fake" in rest[:2]:
            self._control(ns, method, rest[rest.index("__fake") + 1 :])
            return
        route = next(
            (
                name
                for name, (api, path) in ROUTES.items()
                if "/".join(rest) == path or (rest[:1] == [api] and "/".join(rest[1:]) == path)
            ),
            None,
        )
        query = {key: values[0] for key, values in parse_qs(url.query, keep_blank_values=True).items()}
        if route is None or method != "GET":
            with ns.lock:
                ns.calls["other"] += 1
                ns.last["other"] = {"path": url.path, "query": query, "status": 404}
            self._json(404, {"error": True, "reason": f"no such call: {method} {url.path}"})
            return
        with ns.lock:
            ns.calls[route] += 1
            mode = ns.take_mode(route)
            ns.last[route] = {"query": query, "status": None}
        status, body, content_type = self._answer(ns, route, query, mode)
        with ns.lock:
            ns.last[route]["status"] = status
        self._send(status, body, content_type)

    def _answer(self, ns: Namespace, route: str, query: dict[str, str], mode: Mode | None) -> tuple[int, bytes, str]:
        if mode is not None and mode.kind == "slow":
            time.sleep(mode.delay)
        if mode is not None and mode.kind == "error":
            return mode.status, mode.body.encode(), "application/json"
        if mode is not None and mode.kind == "shape":
            return 200, json.dumps(WRONG_SHAPES[route]).encode(), "application/json"
        try:
            if route == "search":
                if "name" not in query:
                    raise BadRequest("Parameter 'name' is missing")
                try:
                    count = int(query.get("count", "10"))
                except ValueError:
                    raise BadRequest("Parameter 'count' is not an integer") from None
                if not 1 <= count <= 100:
                    raise BadRequest("Parameter 'count' must be between 1 and 100")
                value = {"results": []} if mode is not None and mode.kind == "unknown-city" else None
                with ns.lock:
                    value = value if value is not None else search(ns, query["name"], count)
            else:
                with ns.lock:
                    value = forecast(ns, query, datetime.now(UTC))
        except BadRequest as error:
            return 400, json.dumps({"error": True, "reason": str(error)}).encode(), "application/json"
        body = json.dumps(value, ensure_ascii=False).encode()
        if mode is not None and mode.kind == "malformed":
            body = body[: max(1, len(body) // 2)]
        return 200, body, "application/json"

    def _control(self, ns: Namespace, method: str, action: list[str]) -> None:
        name = "/".join(action)
        try:
            payload = self._body() if method == "POST" else {}
        except ValueError:
            self._json(400, {"error": "the body is not JSON"})
            return
        with ns.lock:
            if (method, name) == ("GET", "calls"):
                self._json(200, {**ns.calls, "last": ns.last})
            elif (method, name) == ("POST", "reset"):
                ns.calls = {"search": 0, "forecast": 0, "other": 0}
                ns.last.clear()
                ns.modes.clear()
                ns.places.clear()
                self._json(200, {"status": "reset"})
            elif (method, name) == ("POST", "mode"):
                self._set_mode(ns, payload)
            elif (method, name) == ("POST", "places"):
                self._add_place(ns, payload)
            else:
                self._json(404, {"error": f"no control call {method} {name}"})

    def _set_mode(self, ns: Namespace, payload: Any) -> None:
        route, kind = payload.get("route"), payload.get("mode")
        times = payload.get("times")
        routes = list(ROUTES) if route == "all" else [route]
        problems = []
        if route not in (*ROUTES, "all"):
            problems.append("route must be search, forecast or all")
        if kind not in MODES or (kind == "unknown-city" and route != "search"):
            problems.append(f"mode must be one of {', '.join(MODES)} (unknown-city: search only)")
        if times is not None and (type(times) is not int or times < 1):
            problems.append("times must be a positive integer")
        if problems:
            self._json(400, {"error": "; ".join(problems)})
            return
        for each in routes:
            if kind == "normal":
                ns.modes.pop(each, None)
                continue
            ns.modes[each] = Mode(
                kind=kind,
                remaining=times,
                delay=float(payload.get("delay", 10.0)),
                status=int(payload.get("status", 503)),
                body=str(payload.get("body", DEFAULT_ERROR_BODY)),
            )
        self._json(200, {"routes": routes, "mode": kind, "times": times})

    def _add_place(self, ns: Namespace, payload: Any) -> None:
        try:
            place = Place(
                latitude=float(payload["latitude"]),
                longitude=float(payload["longitude"]),
                name=payload.get("name"),
                country=payload.get("country"),
                weather_code=payload.get("weatherCode"),
                daily_codes=tuple(payload.get("dailyCodes", ())),
                temperature=payload.get("temperatureC"),
            )
        except (KeyError, TypeError, ValueError) as error:
            self._json(400, {"error": f"a place needs numeric latitude and longitude: {error}"})
            return
        ns.places.insert(0, place)  # the newest wins where two share a name or a grid cell
        self._json(201, {"name": place.name, "latitude": place.latitude, "longitude": place.longitude})


class Server(ThreadingHTTPServer):
    daemon_threads = True  # a slow answer still sleeping must not hold up the end of the run
    request_queue_size = 128  # 20 concurrent first requests from each of several cells at once


def main() -> None:
    server = Server((os.environ.get("HOST", "127.0.0.1"), int(os.environ["PORT"])), Handler)
    print(f"fake Open-Meteo on http://{server.server_address[0]}:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
