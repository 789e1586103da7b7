"""Accounts: register, log in, the current user and its updates; 422 and 409 as RealWorld says."""

import pytest
from fastapi.testclient import TestClient

from .conftest import PASSWORD, delete_user, errors, login, register, token_headers


def _new_user(**fields: object) -> dict[str, object]:
    user = {"username": "ada", "email": "ada@example.com", "password": PASSWORD, **fields}
    return {"user": user}


def test_a_new_user_is_an_author_with_a_token(client: TestClient) -> None:
    response = client.post("/api/users", json=_new_user(email="Ada@Example.COM"))

    assert response.status_code == 201
    user = response.json()["user"]
    assert set(user) == {"email", "token", "username", "bio", "image", "role"}
    assert (user["username"], user["email"], user["role"]) == ("ada", "ada@example.com", "author")
    assert user["bio"] is None
    assert user["image"] is None
    assert response.headers["cache-control"] == "no-store"
    me = client.get("/api/user", headers=token_headers(user["token"]))
    assert me.json()["user"]["token"] == user["token"]


def test_bearer_works_as_well_as_token(client: TestClient, alice: dict[str, str]) -> None:
    raw = alice["Authorization"].removeprefix("Token ")

    response = client.get("/api/user", headers={"Authorization": f"Bearer {raw}"})

    assert response.json()["user"]["username"] == "alice"


@pytest.mark.parametrize("field", ["username", "email", "password"])
def test_a_blank_or_missing_field_is_422_naming_it(client: TestClient, field: str) -> None:
    blank = client.post("/api/users", json=_new_user(**{field: ""}))
    body = _new_user()
    del body["user"][field]  # type: ignore[attr-defined]
    missing = client.post("/api/users", json=body)

    assert errors(blank, 422)[field] == ["can't be blank"]
    assert errors(missing, 422)[field] == ["can't be blank"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"password": "1234567"}, "password"),
        ({"email": "not-an-email"}, "email"),
        ({"username": "no spaces"}, "username"),
        ({"username": "x" * 33}, "username"),
        ({"username": 5}, "username"),
        ({"email": "a\x00@example.com"}, "email"),
    ],
)
def test_a_broken_rule_is_422(client: TestClient, fields: dict[str, object], field: str) -> None:
    assert field in errors(client.post("/api/users", json=_new_user(**fields)), 422)


@pytest.mark.parametrize(
    ("raw", "field"),
    [(b"{", "body"), (b"[]", "body"), (b'{"user": "x"}', "user"), (b"{}", "user")],
)
def test_a_body_that_is_not_a_wrapped_user_is_422(
    client: TestClient, raw: bytes, field: str
) -> None:
    response = client.post("/api/users", content=raw, headers={"Content-Type": "application/json"})

    assert field in errors(response, 422)


def test_a_taken_username_or_email_is_409_whatever_its_case(
    client: TestClient, alice: dict[str, str]
) -> None:
    name_taken = client.post("/api/users", json=_new_user(username="ALICE"))
    email_taken = client.post("/api/users", json=_new_user(email="Alice@example.com"))

    assert errors(name_taken, 409) == {"username": ["has already been taken"]}
    assert errors(email_taken, 409) == {"email": ["has already been taken"]}


def test_login_answers_the_same_401_for_a_wrong_password_and_an_unknown_email(
    client: TestClient, alice: dict[str, str]
) -> None:
    wrong = {"user": {"email": "alice@example.com", "password": "not the password"}}
    unknown = {"user": {"email": "nobody@example.com", "password": PASSWORD}}

    assert errors(client.post("/api/users/login", json=wrong), 401) == errors(
        client.post("/api/users/login", json=unknown), 401
    )
    assert login(client, "ALICE@example.com", PASSWORD)


@pytest.mark.parametrize(
    "authorization",
    ["Token", "Token not-a-jwt", "Basic dXNlcjpwYXNz", "Token a b", "Bearer"],
)
def test_the_current_user_needs_a_valid_token(client: TestClient, authorization: str) -> None:
    response = client.get("/api/user", headers={"Authorization": authorization})

    assert errors(response, 401)
    assert response.headers["www-authenticate"] == "Token"


def test_a_deleted_user_s_token_stops_working(client: TestClient) -> None:
    headers = register(client, "gone")

    delete_user(client, "gone")

    assert errors(client.get("/api/user", headers=headers), 401)


def test_updating_the_user_changes_only_what_is_given(
    client: TestClient, alice: dict[str, str]
) -> None:
    changes = {"bio": "I write tests", "image": "https://example.com/me.png"}

    user = client.put("/api/user", json={"user": changes}, headers=alice).json()["user"]
    cleared = client.put("/api/user", json={"user": {"bio": None}}, headers=alice).json()["user"]

    assert (user["bio"], user["image"], user["username"]) == (
        "I write tests",
        "https://example.com/me.png",
        "alice",
    )
    assert cleared["bio"] is None
    assert cleared["image"] == "https://example.com/me.png"


def test_an_empty_password_keeps_the_old_one_and_a_new_one_replaces_it(
    client: TestClient, alice: dict[str, str]
) -> None:
    kept = client.put("/api/user", json={"user": {"password": ""}}, headers=alice)
    assert kept.status_code == 200
    assert login(client, "alice@example.com", PASSWORD)

    short = client.put("/api/user", json={"user": {"password": "short"}}, headers=alice)
    assert errors(short, 422) == {"password": ["is too short (minimum is 8 characters)"]}

    new = client.put("/api/user", json={"user": {"password": "a new long password"}}, headers=alice)
    assert new.status_code == 200
    assert login(client, "alice@example.com", "a new long password")
    wrong = {"user": {"email": "alice@example.com", "password": PASSWORD}}
    assert errors(client.post("/api/users/login", json=wrong), 401)


def test_updating_to_a_taken_name_is_409_and_to_a_blank_one_422(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    taken = client.put("/api/user", json={"user": {"email": "alice@example.com"}}, headers=bob)
    blank = client.put("/api/user", json={"user": {"username": ""}}, headers=bob)
    null = client.put("/api/user", json={"user": {"username": None}}, headers=bob)

    assert errors(taken, 409) == {"email": ["has already been taken"]}
    assert errors(blank, 422) == {"username": ["can't be blank"]}
    assert errors(null, 422) == {"username": ["must be a string"]}
    assert client.get("/api/user", headers=bob).json()["user"]["email"] == "bob@example.com"


def test_register_and_login_are_rate_limited_per_route(client: TestClient) -> None:
    client.app.state.settings = client.app.state.settings.model_copy(  # type: ignore[attr-defined]
        update={"auth_rate_limit_per_minute": 2}
    )
    wrong = {"user": {"email": "nobody@example.com", "password": PASSWORD}}
    statuses = [client.post("/api/users/login", json=wrong).status_code for _ in range(3)]

    assert statuses == [401, 401, 429]
    limited = client.post("/api/users/login", json=wrong)
    assert int(limited.headers["retry-after"]) >= 1
    assert errors(limited, 429)
    assert client.post("/api/users", json=_new_user()).status_code == 201
