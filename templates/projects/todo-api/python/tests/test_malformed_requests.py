"""Requests that are malformed below the level of fields: bytes, sizes, methods."""

import pytest
from fastapi.testclient import TestClient


@pytest.mark.parametrize("escaped", ["a\\u0000b", "\\ud800", "\\udfff\\ud800"])
def test_text_that_cannot_be_stored_is_400(
    client: TestClient, alice: dict[str, str], escaped: str
) -> None:
    body = '{"title": "' + escaped + '"}'
    headers = alice | {"content-type": "application/json"}

    response = client.post("/todos", content=body, headers=headers)

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "title"


def test_a_body_over_a_megabyte_is_refused(client: TestClient, alice: dict[str, str]) -> None:
    response = client.post(
        "/todos", json={"title": "x", "description": "x" * 2_000_000}, headers=alice
    )

    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


def test_a_streamed_body_over_a_megabyte_is_refused(
    client: TestClient, alice: dict[str, str]
) -> None:
    chunks = (b"x" * 65536 for _ in range(40))
    headers = alice | {"content-type": "application/json"}

    response = client.post("/todos", content=chunks, headers=headers)

    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


def test_a_wrong_method_lists_every_allowed_one(client: TestClient) -> None:
    response = client.patch("/todos/1", json={"title": "x"})

    assert response.status_code == 405
    assert response.headers["allow"] == "DELETE, GET, PUT"
