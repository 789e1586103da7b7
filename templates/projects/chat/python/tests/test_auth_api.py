from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient

from .conftest import PASSWORD, TEST_SECRET, bearer, register

ADA = {"username": "ada", "password": PASSWORD}


def fields(response: Any) -> list[str]:
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return [error["field"] for error in response.json()["errors"]]


def test_register_returns_a_token(client: TestClient) -> None:
    response = client.post("/register", json=ADA)

    assert response.status_code == 201
    assert jwt.decode(response.json()["token"], TEST_SECRET, algorithms=["HS256"])["sub"]


@pytest.mark.parametrize("username", ["abc", "A_1", "x" * 32, "___"])
def test_usernames_are_3_to_32_letters_digits_or_underscores(
    client: TestClient, username: str
) -> None:
    assert client.post("/register", json=ADA | {"username": username}).status_code == 201


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"username": "ab"}, "username"),
        ({"username": "x" * 33}, "username"),
        ({"username": "ada lovelace"}, "username"),
        ({"username": "adé"}, "username"),
        ({"username": "ada\n"}, "username"),
        ({"username": None}, "username"),
        ({"username": 123}, "username"),
        ({"password": "short"}, "password"),
        ({"password": 12345678}, "password"),
    ],
)
def test_register_refuses_invalid_input(
    client: TestClient, change: dict[str, Any], field: str
) -> None:
    assert fields(client.post("/register", json=ADA | change)) == [field]


def test_register_names_every_missing_field(client: TestClient) -> None:
    assert sorted(fields(client.post("/register", json={}))) == ["password", "username"]


@pytest.mark.parametrize("body", ["{not json", "", "[1, 2]", '"ada"', "null", "\xff"])
def test_a_body_that_is_not_a_json_object_is_named_body(client: TestClient, body: str) -> None:
    response = client.post(
        "/register", content=body.encode("latin-1"), headers={"content-type": "application/json"}
    )

    assert fields(response) == ["body"]


def test_a_username_is_taken_without_regard_to_case(client: TestClient) -> None:
    register(client, "ada")

    response = client.post("/register", json=ADA | {"username": "ADA"})

    assert response.status_code == 409
    assert response.json()["title"] == "Conflict"


def test_login_returns_a_token_for_any_case_of_the_username(client: TestClient) -> None:
    register(client, "Ada")

    response = client.post("/login", json={"username": "aDA", "password": PASSWORD})

    assert response.status_code == 200
    assert client.get("/rooms", headers=bearer(response.json()["token"])).status_code == 200


def test_wrong_username_and_wrong_password_get_the_same_answer(client: TestClient) -> None:
    register(client, "ada")

    wrong_password = client.post("/login", json={"username": "ada", "password": "not it at all"})
    wrong_username = client.post("/login", json={"username": "nobody", "password": PASSWORD})

    assert wrong_password.status_code == wrong_username.status_code == 401
    assert wrong_password.json() == wrong_username.json()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"username": "ada"},
        {"username": "a", "password": "x"},
        {"username": "ada", "password": ""},
    ],
)
def test_login_refuses_invalid_input(client: TestClient, body: dict[str, str]) -> None:
    assert client.post("/login", json=body).status_code == 400


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Bearer",
        "Bearer not-a-token",
        "Basic YWRhOnB3",
        f"Bearer {jwt.encode({'sub': '1', 'iat': 0, 'exp': 1}, TEST_SECRET, algorithm='HS256')}",
        f"Bearer {jwt.encode({'sub': '1', 'iat': 0, 'exp': 2**40}, 'x' * 40, algorithm='HS256')}",
        f"Bearer {jwt.encode({'sub': '999', 'iat': 0, 'exp': 2**40}, TEST_SECRET, algorithm='HS256')}",
    ],
)
def test_a_missing_or_bad_token_is_401(client: TestClient, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization else {}

    for response in (
        client.get("/rooms", headers=headers),
        client.post("/rooms", json={"name": "general"}, headers=headers),
        client.get("/rooms/1/messages", headers=headers),
    ):
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
