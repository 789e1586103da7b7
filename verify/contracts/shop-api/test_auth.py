"""Accounts: register and login give a token; 400, 401 and 409 as the contract says."""

import httpx
import pytest

from support import PASSWORD, assert_json, assert_problem, unique


def test_register_then_login(client: httpx.Client) -> None:
    email = f"{unique('acct')}@example.com"
    assert isinstance(
        assert_json(client.post("/auth/register", json={"email": email, "password": PASSWORD, "name": "A"}), 201)[
            "token"
        ],
        str,
    )
    assert isinstance(
        assert_json(client.post("/auth/login", json={"email": email, "password": PASSWORD}), 200)["token"], str
    )
    assert_problem(client.post("/auth/register", json={"email": email, "password": PASSWORD, "name": "A"}), 409)
    assert_problem(client.post("/auth/login", json={"email": email, "password": "wrong password"}), 401)


@pytest.mark.parametrize("field", ["email", "password", "name"])
def test_a_missing_field_is_400(client: httpx.Client, field: str) -> None:
    body = {"email": f"{unique('acct')}@example.com", "password": PASSWORD, "name": "A"}
    del body[field]
    assert_problem(client.post("/auth/register", json=body), 400, {field})
