"""Request ids and metrics (PRODUCT.md: request ids and metrics), seen from outside.

`X-Request-Id` comes back on every response: the caller's own when it matches
`^[A-Za-z0-9._-]{1,128}$`, else a fresh lower-case UUIDv4. `GET /metrics` is
Prometheus text, with `http_requests_total` and `http_request_duration_seconds`
labelled by method, the route template as /openapi.json spells it (or
`unmatched`) and status, and `auth_logins_total{outcome}` for logins.
"""

import uuid

import httpx
from auth_support import PASSWORD, Account, unique_email
from observability import *  # noqa: F403 (the checks every suite shares, with their fixtures `plain` and `routes`)
from observability import assert_counted, metrics, value

# ---- X-Request-Id -----------------------------------------------------------


def test_errors_carry_the_request_id(plain: httpx.Client) -> None:
    unknown = plain.get(f"/no/such/route/{uuid.uuid4().hex}", headers={"X-Request-Id": "verify-404"})
    assert unknown.status_code == 404
    assert unknown.headers.get("x-request-id") == "verify-404"
    unauthenticated = plain.get("/users/me", headers={"X-Request-Id": "verify-401"})
    assert unauthenticated.status_code == 401
    assert unauthenticated.headers.get("x-request-id") == "verify-401"


# ---- GET /metrics -----------------------------------------------------------


def test_a_request_is_counted_under_its_route_template(plain: httpx.Client, routes: set[str], admin: Account) -> None:
    assert "/users/{id}" in routes, f"/openapi.json does not spell the route /users/{{id}}: {sorted(routes)}"
    before = metrics(plain)
    response = plain.patch("/users/987654321", json={"role": "user"}, headers=admin.headers)
    assert response.status_code == 404, response.text
    assert_counted(before, metrics(plain), "/users/{id}", "PATCH", 404)


def test_logins_are_counted_by_outcome(plain: httpx.Client) -> None:
    email = unique_email("metrics")
    registered = plain.post("/auth/register", json={"email": email, "password": PASSWORD, "name": "M"})
    assert registered.status_code == 201, registered.text
    before = metrics(plain)
    assert plain.post("/auth/login", json={"email": email, "password": "wrong-password-1"}).status_code == 401
    assert plain.post("/auth/login", json={"email": email, "password": PASSWORD}).status_code == 200
    after = metrics(plain)
    for outcome in ("failure", "success"):
        counted = value(after, "auth_logins_total", outcome=outcome) - value(
            before, "auth_logins_total", outcome=outcome
        )
        assert counted == 1, (
            f"auth_logins_total{{outcome={outcome!r}}} went up by {counted}: {after.get('auth_logins_total')}"
        )
