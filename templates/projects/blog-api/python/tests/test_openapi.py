import json
from typing import Any

from fastapi.testclient import TestClient

ERRORS = {"$ref": "#/components/schemas/Errors"}


def operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [operation for path in document["paths"].values() for operation in path.values()]


def test_the_document_is_served(client: TestClient) -> None:
    response = client.get("/openapi.json")

    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_every_failure_is_documented_in_realworld_s_shape(client: TestClient) -> None:
    document = client.get("/openapi.json").json()

    for operation in operations(document):
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                assert response["content"] == {"application/json": {"schema": ERRORS}}, status
    assert "HTTPValidationError" not in json.dumps(document)
    assert document["components"]["schemas"]["Errors"]["required"] == ["errors"]


def test_invalid_input_is_documented_as_422(client: TestClient) -> None:
    document = client.get("/openapi.json").json()

    register = document["paths"]["/api/users"]["post"]
    listing = document["paths"]["/api/articles"]["get"]
    assert "422" in register["responses"]
    assert "400" not in register["responses"]
    assert "422" in listing["responses"]


def test_the_token_is_optional_where_reading_needs_none(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]

    assert {} in paths["/api/articles"]["get"]["security"]
    assert {} in paths["/api/profiles/{username}"]["get"]["security"]
    assert paths["/api/articles/feed"]["get"]["security"] == [{"token": []}]
    assert paths["/api/user"]["put"]["security"] == [{"token": []}]
    assert "security" not in paths["/api/tags"]["get"]


def test_query_constraints_are_standard_keywords(client: TestClient) -> None:
    document = client.get("/openapi.json").json()

    for operation in operations(document):
        for parameter in operation.get("parameters", []):
            assert not {"ge", "gt", "le", "lt"} & parameter["schema"].keys(), parameter
            assert {"type": "null"} not in parameter["schema"].get("anyOf", []), parameter
