"""Request ids and metrics (PRODUCT.md: request ids and metrics), seen from outside.

`X-Request-Id` comes back on every response: the caller's own when it matches
`^[A-Za-z0-9._-]{1,128}$`, else a fresh lower-case UUIDv4. `GET /metrics` is
Prometheus text, with `http_requests_total` and `http_request_duration_seconds`
labelled by method, the route template as /openapi.json spells it (or
`unmatched`) and status, and `auth_logins_total{outcome}` for logins.
"""

import contextlib
import re
import uuid
from collections.abc import Iterator

import httpx
import pytest
from auth_support import BASE_URL, PASSWORD, Account, unique_email
from prometheus_client.parser import text_string_to_metric_families

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
# Routes the document need not list (CONTRACTS.md), which may still be labelled by their path.
UNLISTED = {"unmatched", "/healthz", "/readyz", "/metrics", "/ws"}
Labels = dict[str, str]
Samples = dict[str, list[tuple[Labels, float]]]


def _client() -> httpx.Client:
    """A client from a loopback address of its own, so that these logins spend neither the
    suite's budget nor test_zz_rate_limit.py's (127.0.0.2); the suite's address elsewhere.
    The probe has opened it already: close it with contextlib.closing, not `with`."""
    transport = httpx.HTTPTransport(local_address="127.0.0.3")
    client = httpx.Client(base_url=BASE_URL, timeout=10.0, transport=transport)
    try:
        client.get("/healthz")
        return client
    except httpx.TransportError:
        client.close()
        return httpx.Client(base_url=BASE_URL, timeout=10.0)


def metrics(client: httpx.Client) -> Samples:
    """Every sample of GET /metrics by sample name (`http_requests_total`, `…_bucket`, …)."""
    response = client.get("/metrics")
    assert response.status_code == 200, response.text
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    assert media_type == "text/plain", f"GET /metrics is {media_type!r}, expected Prometheus text (text/plain)"
    samples: Samples = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples.setdefault(sample.name, []).append((dict(sample.labels), sample.value))
    return samples


def value(samples: Samples, name: str, **labels: str) -> float:
    """The sample of `name` whose labels include `labels` (0 before it exists)."""
    found = [v for have, v in samples.get(name, []) if all(have.get(k) == want for k, want in labels.items())]
    assert len(found) <= 1, f"{name}{labels} matches several samples: {samples.get(name)}"
    return found[0] if found else 0.0


def assert_counted(before: Samples, after: Samples, route: str, method: str, status: int) -> None:
    labels = {"method": method, "route": route, "status": str(status)}
    counted = value(after, "http_requests_total", **labels) - value(before, "http_requests_total", **labels)
    assert counted >= 1, f"no http_requests_total{labels} counted: {after.get('http_requests_total')}"
    assert value(after, "http_request_duration_seconds_count", **labels) >= 1, (
        f"no http_request_duration_seconds{labels} observed: {after.get('http_request_duration_seconds_count')}"
    )
    buckets = [have for have, _ in after.get("http_request_duration_seconds_bucket", []) if have.get("route") == route]
    assert any(have.get("le") == "+Inf" for have in buckets), f"no +Inf bucket for {route}: {buckets}"


@pytest.fixture(scope="module")
def routes() -> set[str]:
    with contextlib.closing(_client()) as client:
        response = client.get("/openapi.json")
        assert response.status_code == 200, response.text
        return set(response.json()["paths"])


@pytest.fixture
def plain() -> Iterator[httpx.Client]:
    with contextlib.closing(_client()) as client:
        yield client


# ---- X-Request-Id -----------------------------------------------------------


@pytest.mark.parametrize(
    "request_id",
    ["verify-1", "A.b_C-9", "x" * 128, str(uuid.uuid4())],
    ids=["plain", "dot-underscore-dash", "128-chars", "uuid"],
)
def test_a_valid_request_id_is_echoed(plain: httpx.Client, request_id: str) -> None:
    response = plain.get("/healthz", headers={"X-Request-Id": request_id})
    assert response.status_code == 200
    assert response.headers.get("x-request-id") == request_id


@pytest.mark.parametrize(
    "request_id",
    ["x" * 129, "y" * 200, "has spaces", "semi;colon", "slash/ed", ""],
    ids=["129-chars", "200-chars", "space", "semicolon", "slash", "empty"],
)
def test_an_invalid_request_id_is_replaced_by_a_fresh_uuid(plain: httpx.Client, request_id: str) -> None:
    response = plain.get("/healthz", headers={"X-Request-Id": request_id})
    assert response.status_code == 200
    echoed = response.headers.get("x-request-id", "")
    assert UUID4.match(echoed), f"X-Request-Id {request_id!r} came back as {echoed!r}, not a new lower-case UUIDv4"


def test_without_a_request_id_each_response_gets_its_own(plain: httpx.Client) -> None:
    first, second = (plain.get("/healthz").headers.get("x-request-id", "") for _ in range(2))
    assert UUID4.match(first) and UUID4.match(second), (first, second)
    assert first != second


def test_errors_carry_the_request_id(plain: httpx.Client) -> None:
    unknown = plain.get(f"/no/such/route/{uuid.uuid4().hex}", headers={"X-Request-Id": "verify-404"})
    assert unknown.status_code == 404
    assert unknown.headers.get("x-request-id") == "verify-404"
    unauthenticated = plain.get("/users/me", headers={"X-Request-Id": "verify-401"})
    assert unauthenticated.status_code == 401
    assert unauthenticated.headers.get("x-request-id") == "verify-401"


# ---- GET /metrics -----------------------------------------------------------


def test_metrics_are_prometheus_text_with_the_http_families(plain: httpx.Client) -> None:
    plain.get("/healthz")
    samples = metrics(plain)
    for name in ("http_requests_total", "http_request_duration_seconds_bucket", "http_request_duration_seconds_count"):
        assert name in samples, f"GET /metrics has no {name} sample (has {sorted(samples)[:20]}…)"


def test_metrics_are_in_the_openapi_document(routes: set[str]) -> None:
    assert "/metrics" in routes, f"/openapi.json does not list /metrics: {sorted(routes)}"


def test_a_request_is_counted_under_its_route_template(plain: httpx.Client, routes: set[str], admin: Account) -> None:
    assert "/users/{id}" in routes, f"/openapi.json does not spell the route /users/{{id}}: {sorted(routes)}"
    before = metrics(plain)
    response = plain.patch("/users/987654321", json={"role": "user"}, headers=admin.headers)
    assert response.status_code == 404, response.text
    assert_counted(before, metrics(plain), "/users/{id}", "PATCH", 404)


def test_an_unknown_path_is_counted_as_unmatched(plain: httpx.Client, routes: set[str]) -> None:
    secret = uuid.uuid4().hex
    before = metrics(plain)
    assert plain.get(f"/no/such/route/{secret}").status_code == 404
    after = metrics(plain)
    assert_counted(before, after, "unmatched", "GET", 404)
    assert secret not in str(after), "a raw path became a label: the label set would grow without bound"
    for have, _ in after["http_requests_total"]:
        assert have.get("route") in routes | UNLISTED, f"a route label /openapi.json does not know: {have}"


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
