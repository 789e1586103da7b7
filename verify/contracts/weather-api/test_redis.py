"""cache=redis: the cache lives in Redis at REDIS_URL (the cell's own database
number on the run's redis-server), with the TTL set in Redis; Redis going away
never fails a request, and /readyz answers 503 until it is back. The memory
variant gets no REDIS_URL, so these tests skip there."""

import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from resp import Redis
from support import (
    CACHE_STALE,
    CACHE_TTL,
    REDIS_URL,
    UPSTREAM_TIMEOUT,
    assert_current,
    assert_json,
    unique_coordinates,
)

# scripts/verify hands each Redis cell a gate of its own to the run's shared redis-server
# (runner/gate.py): writing `closed` into this file cuts the server off Redis, `open` brings it back.
GATE = Path(os.environ["FOLIO_REDIS_GATE"]) if os.environ.get("FOLIO_REDIS_GATE") else None

pytestmark = pytest.mark.skipif(REDIS_URL is None, reason="cache=memory: no REDIS_URL, the cache is in-process")


@pytest.fixture
def redis() -> Iterator[Redis]:
    assert REDIS_URL is not None
    connection = Redis(REDIS_URL)
    yield connection
    connection.close()


def _keys(redis: Redis) -> set[str]:
    found: set[str] = set()
    cursor = "0"
    while True:
        cursor, batch = redis.command("SCAN", cursor, "COUNT", "1000")  # type: ignore[misc]
        found.update(batch)
        if cursor == "0":
            return found


def test_an_entry_lives_in_redis_with_an_expiry(client: httpx.Client, redis: Redis) -> None:
    before = _keys(redis)
    latitude, longitude = unique_coordinates()
    response = client.get("/weather/current", params={"lat": latitude, "lon": longitude})
    assert_json(response, 200)
    assert response.headers.get("x-cache") == "MISS"
    added = _keys(redis) - before
    assert added, "a cache miss stored nothing in Redis at REDIS_URL"
    for key in added:
        ttl = redis.command("PTTL", key)
        assert isinstance(ttl, int) and ttl > 0, f"{key!r} has no expiry in Redis (PTTL {ttl})"
        # Long enough to serve it stale, never forever.
        assert ttl <= (CACHE_TTL + CACHE_STALE) * 1000 + 1000, f"{key!r} lives {ttl} ms"


def _readyz_becomes(client: httpx.Client, status: int, within: float) -> int:
    deadline = time.monotonic() + within
    while True:
        seen = client.get("/readyz").status_code
        if seen == status or time.monotonic() > deadline:
            return seen
        time.sleep(0.2)


@pytest.mark.skipif(GATE is None, reason="needs FOLIO_REDIS_GATE, the cell's own gate to Redis (scripts/verify)")
def test_redis_down_never_fails_a_request_and_readyz_says_so(client: httpx.Client) -> None:
    assert GATE is not None
    cached = unique_coordinates()
    assert_json(client.get("/weather/current", params={"lat": cached[0], "lon": cached[1]}), 200)
    assert client.get("/readyz").status_code == 200
    GATE.write_text("closed\n")
    try:
        assert _readyz_becomes(client, 503, within=5) == 503, "/readyz still 200 with Redis unreachable"
        for latitude, longitude in (cached, unique_coordinates()):
            started = time.monotonic()
            response = client.get("/weather/current", params={"lat": latitude, "lon": longitude})
            took = time.monotonic() - started
            body = assert_current(assert_json(response, 200))
            assert response.headers.get("x-cache") == "MISS" and body["cached"] is False, (
                "with Redis down the answer comes from the provider"
            )
            assert took < UPSTREAM_TIMEOUT + 3, f"the answer took {took:.1f}s with Redis down"
        assert client.get("/readyz").status_code == 503, "/readyz is 503 until Redis is back"
    finally:
        GATE.write_text("open\n")
    assert _readyz_becomes(client, 200, within=10) == 200, "/readyz did not come back with Redis"
    fresh = unique_coordinates()
    for expected in ("MISS", "HIT"):
        response = client.get("/weather/current", params={"lat": fresh[0], "lon": fresh[1]})
        assert_json(response, 200)
        assert response.headers.get("x-cache") == expected, "the cache works again once Redis is back"
