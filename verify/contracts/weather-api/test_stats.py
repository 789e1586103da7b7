"""GET /cache/stats: hits, misses, stale answers and provider calls since the
server started. The suite runs one test at a time, so a test's own requests
are all that moves the counters while it runs: each answer counts once, under
its X-Cache, and upstreamCalls counts what the fake provider saw."""

import time

import httpx

from support import CACHE_TTL, Provider, assert_json, unique_city, unique_coordinates, x_cache

KEYS = {"hits", "misses", "stale", "upstreamCalls"}


def stats(client: httpx.Client) -> dict[str, int]:
    body = assert_json(client.get("/cache/stats"), 200)
    assert isinstance(body, dict) and set(body) == KEYS, f"expected exactly {sorted(KEYS)}, got {body}"
    for key, value in body.items():
        assert type(value) is int and value >= 0, f"{key} is not a count: {value!r}"
    return body


def test_stats_count_hits_misses_stale_and_provider_calls(client: httpx.Client, provider: Provider) -> None:
    before = stats(client)
    latitude, longitude = unique_coordinates()
    name = unique_city()
    provider.place(name)
    seen = {"HIT": 0, "MISS": 0, "STALE": 0}
    requests = [
        ("/weather/current", {"lat": latitude, "lon": longitude}),
        ("/weather/current", {"lat": latitude, "lon": longitude}),
        ("/weather/forecast", {"lat": latitude, "lon": longitude}),
        ("/weather/current", {"city": name}),
        ("/weather/current", {"city": name.upper()}),
        ("/weather/current", {"lat": latitude, "lon": longitude}),
    ]
    for path, query in requests:
        response = client.get(path, params=query)
        assert_json(response, 200)
        seen[x_cache(response)] += 1
    assert seen == {"HIT": 3, "MISS": 3, "STALE": 0}, seen
    time.sleep(CACHE_TTL + 0.3)
    provider.mode("all", "error")
    response = client.get("/weather/current", params={"lat": latitude, "lon": longitude})
    seen[x_cache(response)] += 1
    after = stats(client)
    search, forecast = provider.counts()
    assert after["hits"] - before["hits"] == seen["HIT"], (before, after, seen)
    assert after["misses"] - before["misses"] == seen["MISS"], (before, after, seen)
    assert after["stale"] - before["stale"] == seen["STALE"] == 1, (before, after, seen)
    assert after["upstreamCalls"] - before["upstreamCalls"] == search + forecast, (before, after, search, forecast)


def test_stats_alone_move_nothing(client: httpx.Client) -> None:
    first = stats(client)
    assert stats(client) == first
