"""Request ids and metrics (PRODUCT.md: request ids and metrics), seen from outside.

`X-Request-Id` comes back on every response: the caller's own when it matches
`^[A-Za-z0-9._-]{1,128}$`, else a fresh lower-case UUIDv4. `GET /metrics` is
Prometheus text, with `http_requests_total` and `http_request_duration_seconds`
labelled by method, the route template as /openapi.json spells it (or
`unmatched`) and status, and the `chat_open_connections` gauge.
"""

import time
import uuid

import httpx
from chat_support import Client, User
from observability import *  # noqa: F403 (the checks every suite shares, with their fixtures `plain` and `routes`)
from observability import assert_counted, metrics, value

# ---- X-Request-Id -----------------------------------------------------------


def test_errors_carry_the_request_id(plain: httpx.Client) -> None:
    unknown = plain.get(f"/no/such/route/{uuid.uuid4().hex}", headers={"X-Request-Id": "verify-404"})
    assert unknown.status_code == 404
    assert unknown.headers.get("x-request-id") == "verify-404"
    unauthenticated = plain.get("/rooms", headers={"X-Request-Id": "verify-401"})
    assert unauthenticated.status_code == 401
    assert unauthenticated.headers.get("x-request-id") == "verify-401"


# ---- GET /metrics -----------------------------------------------------------


def test_a_request_is_counted_under_its_route_template(plain: httpx.Client, routes: set[str], user: User) -> None:
    route = "/rooms/{id}/messages"
    assert route in routes, f"/openapi.json does not spell the route {route}: {sorted(routes)}"
    before = metrics(plain)
    assert plain.get("/rooms/987654321/messages", headers=user.headers).status_code == 404
    assert_counted(before, metrics(plain), route, "GET", 404)


def test_open_websockets_are_a_gauge(plain: httpx.Client, user: User) -> None:
    before = value(metrics(plain), "chat_open_connections")
    client = Client(user)
    try:
        assert value(metrics(plain), "chat_open_connections") >= before + 1
    finally:
        client.close()
    deadline = time.monotonic() + 5
    while (now := value(metrics(plain), "chat_open_connections")) > before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert now <= before, f"chat_open_connections is {now} after the connection closed (was {before})"
