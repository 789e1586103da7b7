"""Conventions every project shares: health, readiness, OpenAPI, unknown routes."""

import re

import pytest

# Each endpoint of the contract table with its success code and failure codes.
ENDPOINTS = [
    ("post", "/queues/{}/jobs", {"201", "200", "400", "422"}),
    ("get", "/jobs/{}", {"200", "404"}),
    ("post", "/queues/{}/leases", {"200", "400"}),
    ("post", "/jobs/{}/heartbeat", {"200", "404", "409"}),
    ("post", "/jobs/{}/ack", {"200", "404", "409"}),
    ("post", "/jobs/{}/nack", {"200", "404", "409"}),
    ("post", "/jobs/{}/retry", {"200", "404", "409"}),
    ("post", "/jobs/{}/cancel", {"200", "404", "409"}),
    ("get", "/queues/{}/stats", {"200"}),
    ("get", "/queues/{}/jobs", {"200", "400"}),
]


def test_health_and_readiness(api):
    health = api.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "ok"}
    assert api.get("/readyz").status_code == 200


@pytest.fixture(scope="module")
def openapi(api) -> dict:
    response = api.get("/openapi.json")
    assert response.status_code == 200, response.text
    document = response.json()
    assert str(document.get("openapi", "")).startswith("3.")
    return document


@pytest.mark.parametrize(("method", "path", "codes"), ENDPOINTS)
def test_openapi_documents_the_endpoint_and_its_codes(openapi, method, path, codes):
    paths = {re.sub(r"\{[^}]+\}", "{}", name): item for name, item in openapi["paths"].items()}
    assert path in paths, f"{path} is missing from {sorted(openapi['paths'])}"
    assert method in paths[path], f"{method.upper()} {path} is not documented"
    documented = set(paths[path][method].get("responses", {}))
    assert codes <= documented, f"{method.upper()} {path} lacks {sorted(codes - documented)}"


def test_unknown_route_is_a_404_problem(api):
    response = api.get("/no/such/route")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 404
