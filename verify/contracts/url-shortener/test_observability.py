"""Request ids and metrics (PRODUCT.md: request ids and metrics), seen from outside.

`X-Request-Id` comes back on every response: the caller's own when it matches
`^[A-Za-z0-9._-]{1,128}$`, else a fresh lower-case UUIDv4. `GET /metrics` is
Prometheus text, with `http_requests_total` and `http_request_duration_seconds`
labelled by method, the route template as /openapi.json spells it (or
`unmatched`) and status, and `shortener_redirects_total` for redirects.
"""

import uuid

import httpx
from observability import *  # noqa: F403 (the checks every suite shares, with their fixtures `plain` and `routes`)
from observability import assert_counted, metrics, value
from support import shorten

# ---- X-Request-Id -----------------------------------------------------------


def test_errors_carry_the_request_id(plain: httpx.Client) -> None:
    unknown = plain.get(f"/no/such/route/{uuid.uuid4().hex}", headers={"X-Request-Id": "verify-404"})
    assert unknown.status_code == 404
    assert unknown.headers.get("x-request-id") == "verify-404"
    missing = plain.get(f"/shorten/{uuid.uuid4().hex[:10]}", headers={"X-Request-Id": "verify-404b"})
    assert missing.status_code == 404
    assert missing.headers.get("x-request-id") == "verify-404b"
    invalid = plain.post("/shorten", json={"url": "not a url"}, headers={"X-Request-Id": "verify-400"})
    assert invalid.status_code == 400
    assert invalid.headers.get("x-request-id") == "verify-400"


# ---- GET /metrics -----------------------------------------------------------


def test_a_request_is_counted_under_its_route_template(plain: httpx.Client, routes: set[str]) -> None:
    assert "/shorten/{code}" in routes, f"/openapi.json does not spell the route /shorten/{{code}}: {sorted(routes)}"
    before = metrics(plain)
    assert plain.get(f"/shorten/{uuid.uuid4().hex[:10]}").status_code == 404
    assert_counted(before, metrics(plain), "/shorten/{code}", "GET", 404)


def test_redirects_are_counted(plain: httpx.Client, routes: set[str]) -> None:
    link = shorten(plain)
    before = metrics(plain)
    assert plain.get(f"/{link['shortCode']}").status_code == 302
    after = metrics(plain)
    counted = value(after, "shortener_redirects_total") - value(before, "shortener_redirects_total")
    assert counted == 1, f"shortener_redirects_total went up by {counted}: {after.get('shortener_redirects_total')}"
    (redirect_route,) = [route for route in routes if route.count("/") == 1 and route.startswith("/{")]
    assert_counted(before, after, redirect_route, "GET", 302)
    assert link["shortCode"] not in str(after), "a short code became a label"
