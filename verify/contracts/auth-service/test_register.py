"""POST /auth/register: the created user, its tokens, and every way to get a 400 or 409."""

from datetime import datetime, timedelta, timezone

import pytest

from auth_support import (
    PASSWORD,
    assert_problem,
    assert_tokens,
    assert_user,
    env_int,
    parse_timestamp,
    unique_email,
)


def test_register_returns_user_and_tokens_with_configured_lifetimes(api):
    email = unique_email("Mixed.Case").replace("@example.com", "@Example.COM")
    before = datetime.now(timezone.utc)
    response = api.post(
        "/auth/register", json={"email": email, "password": PASSWORD, "name": "Ada Lovelace"}
    )
    after = datetime.now(timezone.utc)

    assert response.status_code == 201, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert_user(body["user"], email)  # stored lower-cased
    assert body["user"]["name"] == "Ada Lovelace"
    assert before - timedelta(seconds=1) <= parse_timestamp(body["user"]["createdAt"]) <= after
    assert_tokens(body["tokens"])
    for kind, variable, default in (
        ("access", "ACCESS_TOKEN_TTL_SECONDS", 900),
        ("refresh", "REFRESH_TOKEN_TTL_SECONDS", 2592000),
    ):
        ttl = timedelta(seconds=env_int(variable, default))
        expires = parse_timestamp(body["tokens"][kind]["expiresAt"])
        assert before + ttl - timedelta(seconds=2) <= expires <= after + ttl + timedelta(seconds=2)


def test_email_taken_regardless_of_case_is_409(api, account):
    response = api.post(
        "/auth/register",
        json={"email": account.email.upper(), "password": PASSWORD, "name": "Again"},
    )
    assert_problem(response, 409)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"password": "short1"}, "password"),  # 6 characters
        ({"password": "abcdéf1"}, "password"),  # 7 code points, 8 UTF-8 bytes
        ({"password": "abcdefghijk"}, "password"),  # no digit
        ({"password": "1234567890"}, "password"),  # no letter
        ({"password": 12345678}, "password"),  # not a string
        ({"email": "not-an-email"}, "email"),
        ({"email": None}, "email"),
        ({"name": 42}, "name"),
        ({"name": None}, "name"),
    ],
)
def test_invalid_registration_is_400_naming_the_field(api, change, field):
    body = {"email": unique_email(), "password": PASSWORD, "name": "Someone"} | change
    assert_problem(api.post("/auth/register", json=body), 400, (field,))


def test_missing_fields_are_each_named(api):
    response = api.post("/auth/register", json={"email": unique_email()})
    assert_problem(response, 400, ("password", "name"))


def test_body_that_is_not_json_is_400_naming_body(api):
    response = api.post(
        "/auth/register", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert_problem(response, 400, ("body",))


def test_body_that_is_not_an_object_is_400(api):
    assert_problem(api.post("/auth/register", json=["a", "b"]), 400)


def test_password_of_eight_code_points_with_letter_and_digit_is_accepted(api):
    email = unique_email()
    response = api.post(
        "/auth/register", json={"email": email, "password": "abcdéfg1", "name": "Unicode"}
    )
    assert response.status_code == 201, response.text
    assert_tokens(response.json()["tokens"])
    assert_user(response.json()["user"], email)
