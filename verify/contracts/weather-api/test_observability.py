"""Request ids and metrics (PRODUCT.md: request ids and metrics), seen from outside.

`X-Request-Id` comes back on every response: the caller's own when it matches
`^[A-Za-z0-9._-]{1,128}$`, else a fresh lower-case UUIDv4. `GET /metrics` is
Prometheus text, with `http_requests_total` and `http_request_duration_seconds`
labelled by method, the route template as /openapi.json spells it (or
`unmatched`) and status, and `weather_cache_requests_total{result}` for the cache (hit, miss, stale).
"""

import re
import uuid
from collections.abc import Iterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from support import new_client, unique_city, unique_coordinates

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
# Routes the document need not list (CONTRACTS.md), which may still be labelled by their path.
UNLISTED = {"unmatched", "/healthz", "/readyz", "/metrics", "/ws"}
Labels = dict[str, str]
Samples = dict[str, list[tuple[Labels, float]]]


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
    with new_client() as client:
        response = client.get("/openapi.json")
        assert response.status_code == 200, response.text
        return set(response.json()["paths"])


@pytest.fixture
def plain() -> Iterator[httpx.Client]:
    with new_client() as client:
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
    missing = plain.get(
        "/weather/current", params={"city": unique_city("Nowhere")}, headers={"X-Request-Id": "verify-404b"}
    )
    assert missing.status_code == 404
    assert missing.headers.get("x-request-id") == "verify-404b"
    invalid = plain.get("/weather/current", params={"lat": "north"}, headers={"X-Request-Id": "verify-400"})
    assert invalid.status_code == 400
    assert invalid.headers.get("x-request-id") == "verify-400"


# ---- GET /metrics -----------------------------------------------------------


def test_metrics_are_prometheus_text_with_the_http_families(plain: httpx.Client) -> None:
    plain.get("/healthz")
    samples = metrics(plain)
    for name in ("http_requests_total", "http_request_duration_seconds_bucket", "http_request_duration_seconds_count"):
        assert name in samples, f"GET /metrics has no {name} sample (has {sorted(samples)[:20]}…)"


def test_metrics_are_in_the_openapi_document(routes: set[str]) -> None:
    assert "/metrics" in routes, f"/openapi.json does not list /metrics: {sorted(routes)}"


def test_a_request_is_counted_under_its_route_template(plain: httpx.Client, routes: set[str]) -> None:
    assert "/weather/current" in routes, f"/openapi.json does not list /weather/current: {sorted(routes)}"
    city = unique_city("Nowhere")
    before = metrics(plain)
    assert plain.get("/weather/current", params={"city": city}).status_code == 404
    after = metrics(plain)
    assert_counted(before, after, "/weather/current", "GET", 404)
    assert city.split()[-1] not in str(after), "a query string became a label"


def test_an_unknown_path_is_counted_as_unmatched(plain: httpx.Client, routes: set[str]) -> None:
    secret = uuid.uuid4().hex
    before = metrics(plain)
    assert plain.get(f"/no/such/route/{secret}").status_code == 404
    after = metrics(plain)
    assert_counted(before, after, "unmatched", "GET", 404)
    assert secret not in str(after), "a raw path became a label: the label set would grow without bound"
    for have, _ in after["http_requests_total"]:
        assert have.get("route") in routes | UNLISTED, f"a route label /openapi.json does not know: {have}"


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
