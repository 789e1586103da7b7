import json
from typing import Any

from fastapi.testclient import TestClient


def operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [operation for path in document["paths"].values() for operation in path.values()]


def test_the_document_is_served(client: TestClient) -> None:
    response = client.get("/openapi.json")

    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_invalid_input_is_documented_as_400_never_422(client: TestClient) -> None:
    document = client.get("/openapi.json").json()

    for operation in operations(document):
        # Only FastAPI's own 422 is dropped; one a route declares itself is real.
        assert "HTTPValidationError" not in json.dumps(operation["responses"])
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_errors_are_documented_as_problem_details(client: TestClient) -> None:
    document = client.get("/openapi.json").json()

    for operation in operations(document):
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                assert list(response["content"]) == ["application/problem+json"]


def test_query_constraints_are_standard_keywords(client: TestClient) -> None:
    document = client.get("/openapi.json").json()

    for operation in operations(document):
        for parameter in operation.get("parameters", []):
            assert not {"ge", "gt", "le", "lt"} & parameter["schema"].keys(), parameter
            assert {"type": "null"} not in parameter["schema"].get("anyOf", []), parameter
