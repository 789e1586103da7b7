import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import bearer, create_room

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def test_create_returns_the_room(client: TestClient, alice: str) -> None:
    room = create_room(client, alice, "General")

    assert room.keys() == {"id", "name", "createdAt"}
    assert room["name"] == "General"
    assert TIMESTAMP.match(room["createdAt"])


@pytest.mark.parametrize(
    "body",
    [{}, {"name": ""}, {"name": "x" * 65}, {"name": 5}, {"name": None}, {"name": ["general"]}],
)
def test_create_refuses_invalid_input(client: TestClient, alice: str, body: dict[str, Any]) -> None:
    response = client.post("/rooms", json=body, headers=bearer(alice))

    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["name"]


@pytest.mark.parametrize("escaped", ["a\\u0000b", "\\ud800"])
def test_names_that_cannot_be_stored_are_400(client: TestClient, alice: str, escaped: str) -> None:
    headers = bearer(alice) | {"content-type": "application/json"}

    response = client.post("/rooms", content='{"name": "' + escaped + '"}', headers=headers)

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "name"


def test_names_count_code_points(client: TestClient, alice: str) -> None:
    assert create_room(client, alice, "🎉" * 64)["name"] == "🎉" * 64


@pytest.mark.parametrize(("first", "second"), [("General", "gENERAL"), ("Straße", "STRASSE")])
def test_a_name_is_taken_without_regard_to_case(
    client: TestClient, alice: str, bob: str, first: str, second: str
) -> None:
    create_room(client, alice, first)

    response = client.post("/rooms", json={"name": second}, headers=bearer(bob))

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"


def test_list_returns_every_room_in_id_order(client: TestClient, alice: str, bob: str) -> None:
    created = [create_room(client, alice, "b"), create_room(client, bob, "a")]

    response = client.get("/rooms", headers=bearer(bob))

    assert response.status_code == 200
    assert response.json() == {"data": created}


def test_an_empty_list_is_still_an_object(client: TestClient, alice: str) -> None:
    assert client.get("/rooms", headers=bearer(alice)).json() == {"data": []}
