"""Accounts: register, login, the current user, updates; RealWorld's 422 and the shared 401/409."""

import httpx
import pytest

from support import (
    PASSWORD,
    Account,
    assert_errors,
    assert_json,
    assert_user,
    login,
    new_client,
    register,
    unique_name,
)


def _register_body(name: str, **override: object) -> dict[str, object]:
    return {"user": {"username": name, "email": f"{name}@example.com", "password": PASSWORD, **override}}


def test_a_new_user_is_an_author_with_a_token(client: httpx.Client) -> None:
    name = unique_name()
    user = assert_user(assert_json(client.post("/api/users", json=_register_body(name)), 201)["user"])
    assert (user["username"], user["email"], user["role"]) == (name, f"{name}@example.com", "author")
    assert user["bio"] is None and user["image"] is None
    me = assert_user(
        assert_json(client.get("/api/user", headers={"Authorization": f"Token {user['token']}"}), 200)["user"]
    )
    assert me["username"] == name


def test_bearer_is_accepted_as_well_as_token(client: httpx.Client, alice: Account) -> None:
    raw = alice.headers["Authorization"].removeprefix("Token ")
    me = assert_json(client.get("/api/user", headers={"Authorization": f"Bearer {raw}"}), 200)["user"]
    assert me["username"] == alice.username


@pytest.mark.parametrize("field", ["username", "email", "password"])
def test_a_blank_or_missing_field_is_422_naming_it(client: httpx.Client, field: str) -> None:
    name = unique_name()
    assert_errors(client.post("/api/users", json=_register_body(name, **{field: ""})), 422, {field})
    body = _register_body(unique_name())
    del body["user"][field]  # type: ignore[attr-defined]
    assert_errors(client.post("/api/users", json=body), 422, {field})


def test_a_short_password_or_a_bad_email_is_422(client: httpx.Client) -> None:
    assert_errors(client.post("/api/users", json=_register_body(unique_name(), password="1234567")), 422, {"password"})
    assert_errors(client.post("/api/users", json=_register_body(unique_name(), email="not-an-email")), 422, {"email"})


@pytest.mark.parametrize("raw", [b"{", b"[]", b'{"user": "x"}', b'{"user": {"username": 5}}'])
def test_a_body_that_is_not_a_user_is_422(client: httpx.Client, raw: bytes) -> None:
    response = client.post("/api/users", content=raw, headers={"Content-Type": "application/json"})
    assert_errors(response, 422)


def test_a_taken_username_or_email_is_409(client: httpx.Client, alice: Account) -> None:
    other = unique_name()
    body = _register_body(alice.username, email=f"{other}@example.com")
    assert_errors(client.post("/api/users", json=body), 409, {"username"})
    body = _register_body(other, email=alice.email)
    assert_errors(client.post("/api/users", json=body), 409, {"email"})


def test_login_gives_the_same_401_for_a_wrong_password_and_an_unknown_email(alice: Account) -> None:
    with new_client() as client:
        wrong = client.post("/api/users/login", json={"user": {"email": alice.email, "password": "wrong password"}})
        unknown = client.post(
            "/api/users/login", json={"user": {"email": f"{unique_name()}@example.com", "password": PASSWORD}}
        )
    assert assert_errors(wrong, 401) == assert_errors(unknown, 401)


def test_login_with_a_blank_field_is_422(client: httpx.Client) -> None:
    assert_errors(client.post("/api/users/login", json={"user": {"email": "", "password": PASSWORD}}), 422, {"email"})


@pytest.mark.parametrize(
    "authorization",
    ["", "Token", "Token not-a-jwt", "Basic dXNlcjpwYXNz", "Token eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl"],
)
def test_the_current_user_needs_a_valid_token(client: httpx.Client, authorization: str) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    assert_errors(client.get("/api/user", headers=headers), 401)


def test_updating_the_user(client: httpx.Client) -> None:
    account = register(client)
    changes = {"bio": "I write tests", "image": "https://example.com/me.png"}
    user = assert_user(
        assert_json(client.put("/api/user", json={"user": changes}, headers=account.headers), 200)["user"]
    )
    assert (user["bio"], user["image"], user["username"]) == (
        "I write tests",
        "https://example.com/me.png",
        account.username,
    )
    new_password = "another long password"
    assert_json(client.put("/api/user", json={"user": {"password": new_password}}, headers=account.headers), 200)
    with new_client() as fresh:
        login(fresh, account.email, new_password)
        assert_errors(
            fresh.post("/api/users/login", json={"user": {"email": account.email, "password": PASSWORD}}), 401
        )


def test_updating_to_a_taken_email_is_409_and_to_a_blank_username_422(client: httpx.Client, alice: Account) -> None:
    account = register(client)
    assert_errors(
        client.put("/api/user", json={"user": {"email": alice.email}}, headers=account.headers), 409, {"email"}
    )
    assert_errors(client.put("/api/user", json={"user": {"username": ""}}, headers=account.headers), 422, {"username"})
    assert_errors(client.put("/api/user", json={"user": {"bio": "x"}}), 401)
