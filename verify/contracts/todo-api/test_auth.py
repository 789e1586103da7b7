"""POST /register and POST /login, and what the todo endpoints do with their tokens."""

import base64
import hashlib
import hmac
import json
from typing import Any

import httpx
import pytest

from support import PASSWORD, assert_json, assert_problem, bearer, post_raw, unique_email


def _register(client: httpx.Client, **fields: Any) -> httpx.Response:
    return client.post("/register", json={"name": "Ada", "email": unique_email(), "password": PASSWORD, **fields})


def _token_of(response: httpx.Response, status: int) -> str:
    body = assert_json(response, status)
    assert set(body) == {"token"}, f"expected exactly {{'token'}}, got {body}"
    assert isinstance(body["token"], str) and body["token"], body
    return str(body["token"])


def _works(client: httpx.Client, token: str) -> bool:
    return client.get("/todos", headers=bearer(token)).status_code == 200


# ---- register ---------------------------------------------------------------


def test_register_returns_a_working_token(client: httpx.Client) -> None:
    token = _token_of(_register(client), 201)
    assert _works(client, token)


def test_password_of_exactly_eight_characters_is_accepted(client: httpx.Client) -> None:
    _token_of(_register(client, password="12345678"), 201)


@pytest.mark.parametrize("password", ["", "1234567", "🎉" * 7, "é" * 7])
def test_password_under_eight_code_points_is_400(client: httpx.Client, password: str) -> None:
    assert_problem(_register(client, password=password), 400, {"password"})


def test_password_length_counts_code_points_not_bytes_or_utf16(client: httpx.Client) -> None:
    # 8 code points, 32 UTF-8 bytes, 16 UTF-16 units.
    _token_of(_register(client, password="🎉" * 8), 201)


@pytest.mark.parametrize(
    "email", ["", "not-an-email", "@example.com", "user@", "user example@example.com", "two@@example.com"]
)
def test_invalid_email_is_400(client: httpx.Client, email: str) -> None:
    assert_problem(_register(client, email=email), 400, {"email"})


def test_empty_name_is_400(client: httpx.Client) -> None:
    assert_problem(_register(client, name=""), 400, {"name"})


def test_missing_fields_are_each_named(client: httpx.Client) -> None:
    assert_problem(client.post("/register", json={}), 400, {"name", "email", "password"})


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", 5), ("name", None), ("email", 5), ("email", None), ("password", 12345678), ("password", None),
     ("name", ["Ada"]), ("password", True)],
)  # fmt: skip
def test_wrong_types_are_400_never_coerced(client: httpx.Client, field: str, value: Any) -> None:
    assert_problem(_register(client, **{field: value}), 400, {field})


@pytest.mark.parametrize("content", [b"{", b"not json", b'{"name": "Ada",}', b"\xff\xfe"])
def test_body_that_is_not_json_is_400_naming_body(client: httpx.Client, content: bytes) -> None:
    assert_problem(post_raw(client, "/register", content), 400, {"body"})


@pytest.mark.parametrize("content", [b"[]", b'"text"', b"42", b"null"])
def test_json_that_is_not_an_object_is_400(client: httpx.Client, content: bytes) -> None:
    assert_problem(post_raw(client, "/register", content), 400)


def test_email_taken_is_409(client: httpx.Client) -> None:
    email = unique_email()
    _token_of(_register(client, email=email), 201)
    assert_problem(_register(client, email=email), 409)


def test_email_taken_ignores_case(client: httpx.Client) -> None:
    local = unique_email().split("@")[0]
    _token_of(_register(client, email=f"{local}@Example.COM"), 201)
    assert_problem(_register(client, email=f"{local.upper()}@example.com"), 409)


# ---- login ------------------------------------------------------------------


def test_login_returns_a_working_token(client: httpx.Client) -> None:
    email = unique_email()
    _token_of(_register(client, email=email), 201)
    token = _token_of(client.post("/login", json={"email": email, "password": PASSWORD}), 200)
    assert _works(client, token)


def test_login_email_ignores_case(client: httpx.Client) -> None:
    email = unique_email()
    _token_of(_register(client, email=email), 201)
    response = client.post("/login", json={"email": email.upper(), "password": PASSWORD})
    _token_of(response, 200)


def test_wrong_password_and_unknown_email_get_the_same_401(client: httpx.Client) -> None:
    email = unique_email()
    _token_of(_register(client, email=email), 201)
    wrong_password = client.post("/login", json={"email": email, "password": "not the password"})
    unknown_email = client.post("/login", json={"email": unique_email(), "password": PASSWORD})
    first = assert_problem(wrong_password, 401)
    second = assert_problem(unknown_email, 401)
    assert first == second, f"wrong password and unknown email answer differently: {first} vs {second}"


@pytest.mark.parametrize(
    ("body", "fields"),
    [({}, {"email", "password"}), ({"email": unique_email()}, {"password"}), ({"password": PASSWORD}, {"email"}),
     ({"email": 5, "password": PASSWORD}, {"email"}), ({"email": unique_email(), "password": 5}, {"password"}),
     ({"email": "not-an-email", "password": PASSWORD}, {"email"})],
)  # fmt: skip
def test_invalid_login_is_400(client: httpx.Client, body: dict[str, Any], fields: set[str]) -> None:
    assert_problem(client.post("/login", json=body), 400, fields)


def test_login_body_that_is_not_json_is_400_naming_body(client: httpx.Client) -> None:
    assert_problem(post_raw(client, "/login", b'{"email":'), 400, {"body"})


# ---- tokens on the todo endpoints --------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _forged(header: dict[str, Any], claims: dict[str, Any], key: bytes) -> str:
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    signature = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


BAD_AUTHORIZATION = {
    "malformed": "Bearer not-a-token",
    "bearer without token": "Bearer",
    "other scheme": "Basic YWRhOnBhc3N3b3Jk",
    "wrongly signed": "Bearer "
    + _forged({"alg": "HS256", "typ": "JWT"}, {"sub": "1", "iat": 1_700_000_000, "exp": 4_000_000_000}, b"k" * 32),
    "alg none": "Bearer "
    + _b64(b'{"alg":"none","typ":"JWT"}')
    + "."
    + _b64(b'{"sub":"1","iat":1700000000,"exp":4000000000}')
    + ".",
}


@pytest.mark.parametrize(
    "request_line", ["POST /todos", "GET /todos", "GET /todos/1", "PUT /todos/1", "DELETE /todos/1"]
)
@pytest.mark.parametrize("authorization", [None, *BAD_AUTHORIZATION], ids=lambda v: str(v))
def test_todo_endpoints_need_a_valid_token(client: httpx.Client, request_line: str, authorization: str | None) -> None:
    method, path = request_line.split()
    headers = {} if authorization is None else {"Authorization": BAD_AUTHORIZATION[authorization]}
    body = {"title": "x"} if method in ("POST", "PUT") else None
    assert_problem(client.request(method, path, json=body, headers=headers), 401)


def test_a_tampered_token_is_401(client: httpx.Client) -> None:
    token = _token_of(_register(client), 201)
    parts = token.split(".")
    if len(parts) == 3:  # a JWT: claim to be someone else, keeping the signature
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
        claims["sub"] = str(claims.get("sub", "")) + "0"
        tampered = f"{parts[0]}.{_b64(json.dumps(claims).encode())}.{parts[2]}"
    else:
        tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert_problem(client.get("/todos", headers=bearer(tampered)), 401)
