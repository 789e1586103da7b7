"""Request ids and metrics (PRODUCT.md: request ids and metrics), seen from outside.

`X-Request-Id` comes back on every response: the caller's own when it matches
`^[A-Za-z0-9._-]{1,128}$`, else a fresh lower-case UUIDv4. `GET /metrics` is
Prometheus text, with `http_requests_total` and `http_request_duration_seconds`
labelled by method, the route template as /openapi.json spells it (or
`unmatched`) and status, and `auth_logins_total{outcome}` for logins.
"""

import uuid

import httpx
from observability import *  # noqa: F403 (the checks every suite shares, with their fixtures `plain` and `routes`)
from observability import assert_counted, metrics, value
from support import PASSWORD, register, unique_email

# ---- X-Request-Id -----------------------------------------------------------


def test_errors_carry_the_request_id(plain: httpx.Client) -> None:
    unknown = plain.get(f"/no/such/route/{uuid.uuid4().hex}", headers={"X-Request-Id": "verify-404"})
    assert unknown.status_code == 404
    assert unknown.headers.get("x-request-id") == "verify-404"
    unauthenticated = plain.get("/todos", headers={"X-Request-Id": "verify-401"})
    assert unauthenticated.status_code == 401
    assert unauthenticated.headers.get("x-request-id") == "verify-401"
    invalid = plain.post("/register", json={"email": "nope"}, headers={"X-Request-Id": "verify-400"})
    assert invalid.status_code == 400
    assert invalid.headers.get("x-request-id") == "verify-400"


# ---- GET /metrics -----------------------------------------------------------


def test_a_request_is_counted_under_its_route_template(plain: httpx.Client, routes: set[str]) -> None:
    assert "/todos/{id}" in routes, f"/openapi.json does not spell the route /todos/{{id}}: {sorted(routes)}"
    headers = register(plain, name="Metrics")
    before = metrics(plain)
    assert plain.get("/todos/987654321", headers=headers).status_code == 404
    assert_counted(before, metrics(plain), "/todos/{id}", "GET", 404)


def test_logins_are_counted_by_outcome(plain: httpx.Client) -> None:
    email = unique_email("metrics")
    assert plain.post("/register", json={"name": "M", "email": email, "password": PASSWORD}).status_code == 201
    before = metrics(plain)
    assert plain.post("/login", json={"email": email, "password": "wrong password!"}).status_code == 401
    assert plain.post("/login", json={"email": email, "password": PASSWORD}).status_code == 200
    after = metrics(plain)
    for outcome in ("failure", "success"):
        counted = value(after, "auth_logins_total", outcome=outcome) - value(
            before, "auth_logins_total", outcome=outcome
        )
        assert counted == 1, (
            f"auth_logins_total{{outcome={outcome!r}}} went up by {counted}: {after.get('auth_logins_total')}"
        )
