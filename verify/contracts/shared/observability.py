"""Request ids and metrics as every project has them (docs/STACK-RULES.md §5, §6):
reading GET /metrics, and the checks that are the same in every suite.

A suite's test_observability.py star-imports this module: pytest then collects the
`test_…` functions below there, with the fixtures `plain` (a client from an address
of its own, so no rate limit of the suite is spent) and `routes` (the paths of the
server's /openapi.json). The suite adds its own tests for what differs: an error
route of its own, a route template, its project metric."""

import re
import uuid
from collections.abc import Iterator

import httpx
import pytest
from clients import new_client
from prometheus_client.parser import text_string_to_metric_families

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
# Routes the document need not list (CONTRACTS.md), which may still be labelled by their path.
UNLISTED = {"unmatched", "/healthz", "/readyz", "/metrics", "/ws"}

__all__ = [
    "plain",
    "routes",
    "test_a_valid_request_id_is_echoed",
    "test_an_invalid_request_id_is_replaced_by_a_fresh_uuid",
    "test_an_unknown_path_is_counted_as_unmatched",
    "test_metrics_are_in_the_openapi_document",
    "test_metrics_are_prometheus_text_with_the_http_families",
    "test_without_a_request_id_each_response_gets_its_own",
]

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
    """One more request of this route template, method and status, with its latency observed."""
    labels = {"method": method, "route": route, "status": str(status)}
    counted = value(after, "http_requests_total", **labels) - value(before, "http_requests_total", **labels)
    assert counted >= 1, f"no http_requests_total{labels} counted: {after.get('http_requests_total')}"
    assert value(after, "http_request_duration_seconds_count", **labels) >= 1, (
        f"no http_request_duration_seconds{labels} observed: {after.get('http_request_duration_seconds_count')}"
    )
    buckets = [have for have, _ in after.get("http_request_duration_seconds_bucket", []) if have.get("route") == route]
    assert any(have.get("le") == "+Inf" for have in buckets), f"no +Inf bucket for {route}: {buckets}"


# ---- the checks every suite shares -------------------------------------------


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


def test_metrics_are_prometheus_text_with_the_http_families(plain: httpx.Client) -> None:
    plain.get("/healthz")
    samples = metrics(plain)
    for name in ("http_requests_total", "http_request_duration_seconds_bucket", "http_request_duration_seconds_count"):
        assert name in samples, f"GET /metrics has no {name} sample (has {sorted(samples)[:20]}…)"


def test_metrics_are_in_the_openapi_document(routes: set[str]) -> None:
    assert "/metrics" in routes, f"/openapi.json does not list /metrics: {sorted(routes)}"


def test_an_unknown_path_is_counted_as_unmatched(plain: httpx.Client, routes: set[str]) -> None:
    secret = uuid.uuid4().hex
    before = metrics(plain)
    assert plain.get(f"/no/such/route/{secret}").status_code == 404
    after = metrics(plain)
    assert_counted(before, after, "unmatched", "GET", 404)
    assert secret not in str(after), "a raw path became a label: the label set would grow without bound"
    for have, _ in after["http_requests_total"]:
        assert have.get("route") in routes | UNLISTED, f"a route label /openapi.json does not know: {have}"
