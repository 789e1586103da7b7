"""The cache: X-Cache MISS then HIT, `cached` and `fetchedAt`, keys normalised
(city without regard to case and surrounding space, coordinates to 2 decimals,
the endpoint apart), one provider call for 20 concurrent misses, and the
in-process cache's LRU bound."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from support import (
    CACHE_MAX_ENTRIES,
    CACHE_STALE,
    REDIS_URL,
    UPSTREAM_TIMEOUT,
    Provider,
    assert_current,
    assert_forecast,
    assert_json,
    new_client,
    parse_timestamp,
    unique_city,
    unique_coordinates,
    x_cache,
)


def _get(client: httpx.Client, path: str, **params: Any) -> tuple[str, dict[str, Any]]:
    response = client.get(path, params=params)
    body = assert_json(response, 200)
    return x_cache(response), body


def _without_cache_fields(body: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in body.items() if key not in {"cached", "fetchedAt"}}


def test_a_miss_then_hits_with_the_same_data_and_fetched_at(client: httpx.Client, provider: Provider) -> None:
    latitude, longitude = unique_coordinates()
    state, first = _get(client, "/weather/current", lat=latitude, lon=longitude)
    assert (state, first["cached"]) == ("MISS", False), first
    fetched = parse_timestamp(first["fetchedAt"])
    time.sleep(0.05)
    state, second = _get(client, "/weather/current", lat=latitude, lon=longitude)
    assert (state, second["cached"]) == ("HIT", True), second
    assert second["fetchedAt"] == first["fetchedAt"], "fetchedAt is when the data came from the provider"
    assert _without_cache_fields(second) == _without_cache_fields(first)
    assert provider.counts() == (0, 1)
    assert fetched <= parse_timestamp(second["fetchedAt"])


def test_city_keys_ignore_case_and_surrounding_space(client: httpx.Client, provider: Provider) -> None:
    name = unique_city()
    provider.place(name, "Danmark")
    state, first = _get(client, "/weather/current", city=name)
    assert state == "MISS"
    for variant in (f"  {name.upper()}  ", name.lower(), f"\t{name.title()} "):
        state, body = _get(client, "/weather/current", city=variant)
        assert state == "HIT", f"city={variant!r} missed the entry of city={name!r}"
        assert body["location"] == first["location"], "the location is the provider's, not the query's spelling"
    assert provider.counts() == (1, 1)


def test_coordinate_keys_are_rounded_to_two_decimals(client: httpx.Client, provider: Provider) -> None:
    latitude, longitude = unique_coordinates()
    state, _ = _get(client, "/weather/current", lat=f"{latitude + 0.0012:.4f}", lon=f"{longitude - 0.0013:.4f}")
    assert state == "MISS"
    for lat, lon in ((f"{latitude:.2f}", f"{longitude:.2f}"), (f"{latitude:.3f}0", f"{longitude + 0.004:.3f}")):
        state, _ = _get(client, "/weather/current", lat=lat, lon=lon)
        assert state == "HIT", f"lat={lat}&lon={lon} missed the entry of ({latitude}, {longitude})"
    state, _ = _get(client, "/weather/current", lat=f"{latitude + 0.01:.2f}", lon=f"{longitude:.2f}")
    assert state == "MISS", "a point 0.01° away is another key"
    assert provider.counts()[1] == 2


def test_current_and_forecast_are_cached_apart(client: httpx.Client, provider: Provider) -> None:
    latitude, longitude = unique_coordinates()
    assert _get(client, "/weather/current", lat=latitude, lon=longitude)[0] == "MISS"
    state, body = _get(client, "/weather/forecast", lat=latitude, lon=longitude)
    assert state == "MISS", "the forecast was answered from the current weather's entry"
    assert_forecast(body, 3)
    state, body = _get(client, "/weather/forecast", lat=latitude, lon=longitude, days=5)
    assert_forecast(body, 5)  # whether days is in the key or sliced from a longer answer
    assert _get(client, "/weather/current", lat=latitude, lon=longitude)[0] == "HIT"


def _concurrently(count: int, send: Any) -> list[httpx.Response]:
    barrier = threading.Barrier(count)
    with new_client(connections=count) as client:

        def one(_: int) -> httpx.Response:
            barrier.wait()
            return send(client)

        with ThreadPoolExecutor(max_workers=count) as pool:
            return list(pool.map(one, range(count)))


@pytest.mark.parametrize("path", ["/weather/current", "/weather/forecast"])
def test_twenty_concurrent_misses_for_a_city_make_one_geocoding_and_one_forecast_call(
    provider: Provider, path: str
) -> None:
    name = unique_city("Zürich")
    provider.place(name, "Schweiz")
    # The first answer takes a while, so all twenty requests arrive while it is in flight.
    provider.mode("search", "slow", times=1, delay=min(1.0, UPSTREAM_TIMEOUT / 2))
    responses = _concurrently(20, lambda client: client.get(path, params={"city": name}))
    bodies = [assert_json(response, 200) for response in responses]
    assert provider.counts() == (1, 1), f"20 concurrent misses made {provider.counts()} (geocoding, forecast) calls"
    assert len({str(_without_cache_fields(body)) for body in bodies}) == 1, "the 20 answers differ"
    assert sum(response.headers.get("x-cache") == "MISS" for response in responses) >= 1


def test_twenty_concurrent_misses_for_coordinates_make_one_call(provider: Provider) -> None:
    latitude, longitude = unique_coordinates()
    provider.mode("forecast", "slow", times=1, delay=min(1.0, UPSTREAM_TIMEOUT / 2))
    responses = _concurrently(
        20, lambda client: client.get("/weather/current", params={"lat": latitude, "lon": longitude})
    )
    for response in responses:
        assert_current(assert_json(response, 200))
    assert provider.counts() == (0, 1), f"20 concurrent misses made {provider.counts()} (geocoding, forecast) calls"


@pytest.mark.skipif(REDIS_URL is not None, reason="CACHE_MAX_ENTRIES bounds the in-process cache (cache=memory)")
def test_the_in_process_cache_drops_the_least_recently_used_entry(provider: Provider) -> None:
    """An entry still held (fresh or expired) is served, stale if need be, while the provider
    fails; an evicted one is a 502. That tells them apart however long the filling takes
    against CACHE_TTL_SECONDS, as long as it stays within CACHE_STALE_SECONDS."""
    assert CACHE_MAX_ENTRIES <= 100, "server.env sets a small CACHE_MAX_ENTRIES for this test"
    started = time.monotonic()
    keep = unique_coordinates()
    fillers = [unique_coordinates() for _ in range(CACHE_MAX_ENTRIES)]

    def fill(points: list[tuple[float, float]]) -> list[str]:
        # Eight clients of their own addresses, so the rate limit stays out of the way.
        chunks = [points[i::8] for i in range(8)]

        def run(chunk: list[tuple[float, float]]) -> list[str]:
            with new_client() as client:
                return [_get(client, "/weather/current", lat=lat, lon=lon)[0] for lat, lon in chunk]

        with ThreadPoolExecutor(max_workers=8) as pool:
            return [state for states in pool.map(run, chunks) for state in states]

    with new_client() as client:
        assert _get(client, "/weather/current", lat=keep[0], lon=keep[1])[0] == "MISS"
        first = fillers[0]
        assert _get(client, "/weather/current", lat=first[0], lon=first[1])[0] == "MISS"
        # Now the cache is full: `keep`, the first filler, then the others but the last.
        assert set(fill(fillers[1:-1])) == {"MISS"}
        _get(client, "/weather/current", lat=keep[0], lon=keep[1])  # `keep` is now the most recently used
        fill(fillers[-1:])  # one entry more: the least recently used, the first filler, goes
        provider.mode("all", "error")
        kept = client.get("/weather/current", params={"lat": keep[0], "lon": keep[1]})
        dropped = client.get("/weather/current", params={"lat": first[0], "lon": first[1]})
        took = time.monotonic() - started
        if took >= CACHE_STALE:
            pytest.skip(f"filling the cache took {took:.1f}s, longer than CACHE_STALE_SECONDS")
        assert kept.status_code == 200, f"the most recently used entry was evicted: {kept.status_code} {kept.text}"
        assert dropped.status_code == 502, (
            f"the least recently used entry of {CACHE_MAX_ENTRIES} + 1 was still served ({dropped.status_code}, "
            f"X-Cache {dropped.headers.get('x-cache')})"
        )
