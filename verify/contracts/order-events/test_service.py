"""Conventions every project shares: health, readiness, OpenAPI, unknown routes."""

import re

import httpx
import pytest
from support import BASE_URL

# Each endpoint of the contract table with its success code and failure codes.
ENDPOINTS = [
    ("post", "/orders", {"202", "400"}),
    ("get", "/orders", {"200", "400"}),
    ("get", "/orders/{}", {"200", "404"}),
    ("get", "/orders/{}/events", {"200", "404"}),
    ("put", "/inventory/{}", {"200", "400"}),
    ("get", "/inventory/{}", {"200", "404"}),
    ("get", "/notifications", {"200", "400"}),
    ("get", "/pipeline/stats", {"200"}),
]


def test_health_and_readiness(client: httpx.Client) -> None:
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "ok"}
    assert client.get("/readyz").status_code == 200, "/readyz answers 200 with the database and Redis up"


@pytest.fixture(scope="module")
def openapi() -> dict:
    with httpx.Client(base_url=BASE_URL, timeout=15.0) as client:
        response = client.get("/openapi.json")
    assert response.status_code == 200, response.text
    document = response.json()
    assert str(document.get("openapi", "")).startswith("3.")
    return document


@pytest.mark.parametrize(("method", "path", "codes"), ENDPOINTS)
def test_openapi_documents_the_endpoint_and_its_codes(openapi: dict, method: str, path: str, codes: set) -> None:
    paths = {re.sub(r"\{[^}]+\}", "{}", name): item for name, item in openapi["paths"].items()}
    assert path in paths, f"{path} is missing from {sorted(openapi['paths'])}"
    assert method in paths[path], f"{method.upper()} {path} is not documented"
    documented = set(paths[path][method].get("responses", {}))
    assert codes <= documented, f"{method.upper()} {path} lacks {sorted(codes - documented)}"


def test_unknown_route_is_a_404_problem(client: httpx.Client) -> None:
    response = client.get("/no/such/route")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 404
