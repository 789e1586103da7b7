"""Request ids and metrics (PRODUCT.md: request ids and metrics), seen from outside.

`X-Request-Id` comes back on every response: the caller's own when it matches
`^[A-Za-z0-9._-]{1,128}$`, else a fresh lower-case UUIDv4. `GET /metrics` is
Prometheus text, with `http_requests_total` and `http_request_duration_seconds`
labelled by method, the route template as /openapi.json spells it (or
`unmatched`) and status, and `weather_cache_requests_total{result}` for the cache (hit, miss, stale).
"""

import uuid

import httpx
from observability import *  # noqa: F403 (the checks every suite shares, with their fixtures `plain` and `routes`)
from observability import assert_counted, metrics, value
from support import unique_city, unique_coordinates

# ---- X-Request-Id -----------------------------------------------------------


def test_errors_carry_the_request_id(plain: httpx.Client) -> None:
    unknown = plain.get(f"/no/such/route/{uuid.uuid4().hex}", headers={"X-Request-Id": "verify-404"})
    assert unknown.status_code == 404
    assert unknown.headers.get("x-request-id") == "verify-404"
    missing = plain.get(
        "/weather/current", params={"city": unique_city("Nowhere")}, headers={"X-Request-Id": "verify-404b"}
    )
    assert missing.status_code == 404
    assert missing.headers.get("x-request-id") == "verify-404b"
    invalid = plain.get("/weather/current", params={"lat": "north"}, headers={"X-Request-Id": "verify-400"})
    assert invalid.status_code == 400
    assert invalid.headers.get("x-request-id") == "verify-400"


# ---- GET /metrics -----------------------------------------------------------


def test_a_request_is_counted_under_its_route_template(plain: httpx.Client, routes: set[str]) -> None:
    assert "/weather/current" in routes, f"/openapi.json does not list /weather/current: {sorted(routes)}"
    city = unique_city("Nowhere")
    before = metrics(plain)
    assert plain.get("/weather/current", params={"city": city}).status_code == 404
    after = metrics(plain)
    assert_counted(before, after, "/weather/current", "GET", 404)
    assert city.split()[-1] not in str(after), "a query string became a label"


def test_cache_answers_are_counted(plain: httpx.Client) -> None:
    latitude, longitude = unique_coordinates()
    before = metrics(plain)
    for _ in range(2):
        assert plain.get("/weather/current", params={"lat": latitude, "lon": longitude}).status_code == 200
    after = metrics(plain)
    for result in ("miss", "hit"):
        name = "weather_cache_requests_total"
        counted = value(after, name, result=result) - value(before, name, result=result)
        assert counted == 1, f'{name}{{result="{result}"}} went up by {counted}: {after.get(name)}'
    assert_counted(before, after, "/weather/current", "GET", 200)
