"""Checks every weather-api test shares: problem details, timestamps, the
response shapes, clients that each come from their own loopback address, and
the fake provider's control API.

The server reaches Open-Meteo only through GEOCODING_API_URL and
WEATHER_API_URL, which scripts/verify points at verify/fakes/open_meteo.py under
a namespace of this cell's own (…/<combination slug>/geocoding, …/forecast); the
suite is given the same variables and drives the fake through
`$WEATHER_API_URL/__fake/…`: its call counters, the places it knows, and modes
that make the next calls slow, failing or malformed.

The server limits requests per client address, cache hits included. Every
client made here binds a fresh source address in 127.0.0.0/8 (all of it is
loopback on Linux), so each test has its own budget.
"""

import os
import random
import re
import uuid
from typing import Any

import httpx
from timestamps import assert_recent, parse_timestamp
from clients import BASE_URL, TIMEOUT, new_client

WEATHER_API_URL = os.environ.get("WEATHER_API_URL", "").rstrip("/")
GEOCODING_API_URL = os.environ.get("GEOCODING_API_URL", "").rstrip("/")
REDIS_URL = os.environ.get("REDIS_URL")  # set for the cache=redis variant only
CACHE_TTL = float(os.environ.get("CACHE_TTL_SECONDS", "600"))
CACHE_STALE = float(os.environ.get("CACHE_STALE_SECONDS", "86400"))
UPSTREAM_TIMEOUT = float(os.environ.get("UPSTREAM_TIMEOUT_SECONDS", "5"))
CACHE_MAX_ENTRIES = int(os.environ.get("CACHE_MAX_ENTRIES", "10000"))
RATE_LIMIT = int(os.environ.get("RATE_LIMIT_PER_MINUTE", "60"))

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PROVIDER = re.compile(r"open[- ]?meteo", re.IGNORECASE)
CURRENT_KEYS = {"temperatureC", "windSpeedKmh", "weatherCode", "description", "observedAt"}
DAY_KEYS = {"date", "minC", "maxC", "precipitationMm", "weatherCode", "description"}
LOCATION_KEYS = {"name", "country", "latitude", "longitude"}
WMO = {0: "Clear sky", 3: "Overcast", 61: "Slight rain"}
# Text that betrays an internal error leaking out.
LEAKS = ("Traceback", "node_modules", "goroutine ", "at Object.", 'File "/')


# ---- the fake provider ------------------------------------------------------

_used_cells: set[tuple[float, float]] = set()


def unique_coordinates() -> tuple[float, float]:
    """Coordinates (2 decimals) no other test of this run asked for: a cache key of the test's own."""
    while True:
        cell = (round(random.uniform(-60, 60), 2), round(random.uniform(-170, 170), 2))
        if cell not in _used_cells:
            _used_cells.add(cell)
            return cell


class Provider:
    """The fake Open-Meteo of this cell (its namespace), through its control API."""

    def __init__(self) -> None:
        assert WEATHER_API_URL and GEOCODING_API_URL, (
            "WEATHER_API_URL and GEOCODING_API_URL must name the fake provider (scripts/verify sets them)"
        )
        self._http = httpx.Client(base_url=f"{WEATHER_API_URL}/__fake", timeout=TIMEOUT)

    def close(self) -> None:
        self._http.close()

    def reset(self) -> None:
        self._http.post("/reset", json={}).raise_for_status()

    def calls(self) -> dict[str, Any]:
        response = self._http.get("/calls")
        response.raise_for_status()
        return response.json()

    def counts(self) -> tuple[int, int]:
        """(geocoding calls, forecast calls) since the last reset."""
        calls = self.calls()
        return calls["search"], calls["forecast"]

    def mode(self, route: str, mode: str, times: int | None = None, **extra: Any) -> None:
        body = {"route": route, "mode": mode, **extra}
        if times is not None:
            body["times"] = times
        self._http.post("/mode", json=body).raise_for_status()

    def place(
        self,
        name: str | None = None,
        country: str | None = "Testland",
        code: int | None = None,
        daily: list[int] | None = None,
        temperature: float | None = None,
    ) -> dict[str, Any]:
        """A place at coordinates of its own, found by `name` if it has one, with these weather codes."""
        latitude, longitude = unique_coordinates()
        body: dict[str, Any] = {"latitude": latitude, "longitude": longitude, "name": name, "country": country}
        if code is not None:
            body["weatherCode"] = code
        if daily is not None:
            body["dailyCodes"] = daily
        if temperature is not None:
            body["temperatureC"] = temperature
        self._http.post("/places", json=body).raise_for_status()
        return body

    def forecast_data(self, latitude: float, longitude: float, days: int = 7) -> dict[str, Any]:
        """What the provider answers for these coordinates, asked directly (counted as a forecast call)."""
        response = httpx.get(
            f"{WEATHER_API_URL}/v1/forecast",
            params={
                "latitude": latitude,
                "longitude": longitude,
                "current": "temperature_2m,wind_speed_10m,weather_code",
                "daily": "temperature_2m_max,temperature_2m_min,precipitation_sum,weather_code",
                "forecast_days": days,
                "timezone": "UTC",
            },
            timeout=TIMEOUT,
        )
        response.raise_for_status()
        return response.json()


def unique_city(prefix: str = "São Ærøskøbing") -> str:
    """A city name of the test's own, with letters outside ASCII."""
    return f"{prefix} {uuid.uuid4().hex[:10]}"


# ---- responses --------------------------------------------------------------


def assert_json(response: httpx.Response, status: int) -> Any:
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text}"
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    assert media_type == "application/json", f"Content-Type {media_type!r}, expected application/json"
    return response.json()


def assert_problem(
    response: httpx.Response, status: int, fields: set[str] | None = None, *, detail: bool = True
) -> dict[str, Any]:
    """An RFC 9457 problem with this status; for 400 an `errors` array naming at least `fields`."""
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text}"
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    assert media_type == "application/problem+json", f"Content-Type {media_type!r}, expected application/problem+json"
    body = response.json()
    assert isinstance(body, dict), body
    assert isinstance(body.get("type"), str) and body["type"], f"problem without a `type`: {body}"
    assert isinstance(body.get("title"), str) and body["title"], f"problem without a `title`: {body}"
    assert body.get("status") == status and type(body["status"]) is int, f"problem `status` is not {status}: {body}"
    if detail or "detail" in body:
        assert isinstance(body.get("detail"), str) and body["detail"], f"problem without a `detail`: {body}"
    for leak in LEAKS:
        assert leak not in response.text, f"the problem leaks internals ({leak!r}): {response.text}"
    if status == 400:
        errors = body.get("errors")
        assert isinstance(errors, list) and errors, f"a 400 without an `errors` array: {body}"
        for error in errors:
            assert isinstance(error, dict), f"an `errors` item is not an object: {error}"
            assert isinstance(error.get("field"), str) and error["field"], f"an error without `field`: {error}"
            assert isinstance(error.get("message"), str) and error["message"], f"an error without `message`: {error}"
        named = {error["field"] for error in errors}
        missing = (fields or set()) - named
        assert not missing, f"`errors` does not name {sorted(missing)}: {errors}"
    return body


def assert_provider_problem(response: httpx.Response, status: int, secret: str | None = None) -> dict[str, Any]:
    """A 502/504 problem that names the provider and never carries its raw answer."""
    body = assert_problem(response, status)
    said = f"{body['title']} {body['detail']}"
    assert PROVIDER.search(said), f"a {status} that does not name the provider (Open-Meteo): {body}"
    if secret is not None:
        assert secret not in response.text, f"the provider's error body reached the caller: {response.text}"
        assert all(secret not in value for value in response.headers.values()), "the provider's body is in a header"
    return body


def x_cache(response: httpx.Response) -> str:
    value = response.headers.get("x-cache")
    assert value in {"HIT", "MISS", "STALE"}, f"X-Cache is {value!r}, expected HIT, MISS or STALE"
    return value


def _number(value: Any) -> bool:
    return type(value) in (int, float)


def assert_location(location: Any, name: str | None, country: str | None, latitude: float, longitude: float) -> None:
    assert isinstance(location, dict) and set(location) == LOCATION_KEYS, f"location {location}"
    assert location["name"] == name, f"location name {location['name']!r}, expected {name!r}"
    assert location["country"] == country, f"location country {location['country']!r}, expected {country!r}"
    for key, want in (("latitude", latitude), ("longitude", longitude)):
        assert _number(location[key]), f"location {key} is not a number: {location}"
        assert abs(location[key] - want) <= 0.005 + 1e-9, f"location {key} {location[key]}, expected {want}"


def assert_envelope(body: Any, keys: set[str]) -> dict[str, Any]:
    assert isinstance(body, dict) and set(body) == keys, f"expected exactly {sorted(keys)}, got {sorted(body)}"
    assert type(body["cached"]) is bool, f"`cached` is not a boolean: {body['cached']!r}"
    assert_recent(body["fetchedAt"])
    return body


def assert_current(body: Any) -> dict[str, Any]:
    assert_envelope(body, {"location", "current", "cached", "fetchedAt"})
    current = body["current"]
    assert isinstance(current, dict) and set(current) == CURRENT_KEYS, f"current {current}"
    assert _number(current["temperatureC"]) and _number(current["windSpeedKmh"]), current
    assert type(current["weatherCode"]) is int and isinstance(current["description"], str), current
    parse_timestamp(current["observedAt"])
    return body


def assert_forecast(body: Any, days: int) -> dict[str, Any]:
    assert_envelope(body, {"location", "days", "cached", "fetchedAt"})
    assert isinstance(body["days"], list) and len(body["days"]) == days, f"expected {days} days: {body['days']}"
    for day in body["days"]:
        assert isinstance(day, dict) and set(day) == DAY_KEYS, f"a day {day}"
        assert isinstance(day["date"], str) and DATE.match(day["date"]), day
        assert all(_number(day[k]) for k in ("minC", "maxC", "precipitationMm")), day
        assert type(day["weatherCode"]) is int and isinstance(day["description"], str), day
    dates = [day["date"] for day in body["days"]]
    assert dates == sorted(dates) and len(set(dates)) == len(dates), f"days out of order: {dates}"
    return body


def observed_at(provider_time: str) -> str:
    """The provider's `current.time` (YYYY-MM-DDTHH:MM, UTC) as the contract's timestamp."""
    return f"{provider_time}:00.000Z"
