"""Reading GET /metrics (Prometheus text) and the request-id rule, for the suites'
test_observability.py (docs/STACK-RULES.md §5, §6)."""

import re

import httpx
from prometheus_client.parser import text_string_to_metric_families

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
# Routes the document need not list (CONTRACTS.md), which may still be labelled by their path.
UNLISTED = {"unmatched", "/healthz", "/readyz", "/metrics", "/ws"}
VALID_REQUEST_IDS = ["verify-1", "A.b_C-9", "x" * 128, "0b6f3f4e-2f54-4d0c-9b53-1f0e6f2a9c11"]
INVALID_REQUEST_IDS = ["x" * 129, "has spaces", "semi;colon", "slash/ed", ""]

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


def assert_route_labels_bounded(samples: Samples, routes: set[str], secret: str) -> None:
    """No raw path became a label: every route label is a template of the document (or unlisted)."""
    assert secret not in str(samples), "a raw path became a label: the label set would grow without bound"
    for have, _ in samples.get("http_requests_total", []):
        assert have.get("route") in routes | UNLISTED, f"a route label /openapi.json does not know: {have}"
