"""Stale-if-error: once an entry has expired (CACHE_TTL_SECONDS), a failing
provider (5xx, malformed, too slow) is answered from it with X-Cache: STALE,
until it is older than CACHE_STALE_SECONDS; then 502/504 as with nothing cached.

server.env makes both short. An entry counts as too old here only once it is
CACHE_TTL + CACHE_STALE seconds old, so the test holds whether the stale
window is read from the fetch or from the expiry.
"""

import time
from typing import Any

import httpx
import pytest

from support import (
    CACHE_STALE,
    CACHE_TTL,
    UPSTREAM_TIMEOUT,
    Provider,
    assert_json,
    assert_provider_problem,
    parse_timestamp,
    unique_city,
    unique_coordinates,
    x_cache,
)

FAILURES = {"5xx": {"mode": "error", "status": 503}, "malformed": {"mode": "malformed"}, "shape": {"mode": "shape"}}


@pytest.fixture(autouse=True)
def _short_ttl() -> None:
    if CACHE_TTL > 10 or CACHE_STALE > 30:
        pytest.skip("needs server.env's short CACHE_TTL_SECONDS and CACHE_STALE_SECONDS")


def _cached(client: httpx.Client, path: str, query: dict[str, Any]) -> dict[str, Any]:
    response = client.get(path, params=query)
    body = assert_json(response, 200)
    assert x_cache(response) == "MISS", "the test's own key was already cached"
    time.sleep(CACHE_TTL + 0.3)
    return body


def _same_data(stale: dict[str, Any], fresh: dict[str, Any]) -> None:
    assert stale["cached"] is True, "a stale answer comes from the cache"
    assert stale["fetchedAt"] == fresh["fetchedAt"], "fetchedAt of a stale answer is when it was fetched"
    assert {k: v for k, v in stale.items() if k not in {"cached", "fetchedAt"}} == {
        k: v for k, v in fresh.items() if k not in {"cached", "fetchedAt"}
    }


@pytest.mark.parametrize("failure", FAILURES)
@pytest.mark.parametrize("path", ["/weather/current", "/weather/forecast"])
def test_a_failing_provider_is_answered_from_the_expired_entry(
    client: httpx.Client, provider: Provider, path: str, failure: str
) -> None:
    latitude, longitude = unique_coordinates()
    query = {"lat": latitude, "lon": longitude}
    fresh = _cached(client, path, query)
    provider.mode("all", **FAILURES[failure])
    response = client.get(path, params=query)
    body = assert_json(response, 200)
    assert x_cache(response) == "STALE"
    _same_data(body, fresh)
    assert provider.counts()[1] >= 2, "the expired entry was served without asking the provider"


def test_a_slow_provider_is_answered_from_the_expired_entry_in_time(client: httpx.Client, provider: Provider) -> None:
    name = unique_city()
    provider.place(name)
    fresh = _cached(client, "/weather/current", {"city": name})
    provider.mode("all", "slow", delay=UPSTREAM_TIMEOUT + 3)
    started = time.monotonic()
    response = client.get("/weather/current", params={"city": name})
    took = time.monotonic() - started
    body = assert_json(response, 200)
    assert x_cache(response) == "STALE"
    _same_data(body, fresh)
    assert took < UPSTREAM_TIMEOUT * 2 + 2, f"the stale answer took {took:.1f}s"


def test_once_the_provider_is_back_the_entry_is_refreshed(client: httpx.Client, provider: Provider) -> None:
    latitude, longitude = unique_coordinates()
    query = {"lat": latitude, "lon": longitude}
    fresh = _cached(client, "/weather/current", query)
    provider.mode("forecast", "error", times=1)
    assert client.get("/weather/current", params=query).headers.get("x-cache") == "STALE"
    response = client.get("/weather/current", params=query)
    body = assert_json(response, 200)
    assert (x_cache(response), body["cached"]) == ("MISS", False)
    assert parse_timestamp(body["fetchedAt"]) > parse_timestamp(fresh["fetchedAt"])
    assert client.get("/weather/current", params=query).headers.get("x-cache") == "HIT"


def test_an_entry_older_than_the_stale_window_is_not_served(client: httpx.Client, provider: Provider) -> None:
    latitude, longitude = unique_coordinates()
    query = {"lat": latitude, "lon": longitude}
    _cached(client, "/weather/current", query)
    time.sleep(CACHE_STALE + 0.5)  # CACHE_TTL + CACHE_STALE + 0.8 seconds since it was fetched
    secret = "stale-window-secret-9"
    provider.mode("forecast", "error", status=500, body=secret)
    assert_provider_problem(client.get("/weather/current", params=query), 502, secret)
