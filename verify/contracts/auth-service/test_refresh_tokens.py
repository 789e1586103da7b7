"""POST /auth/refresh and /auth/logout: rotation, reuse detection, family revocation."""

import threading

import pytest

from auth_support import assert_problem, assert_tokens, bearer


def refresh(api, token):
    return api.post("/auth/refresh", json={"refreshToken": token})


def rotate(api, token: str) -> dict:
    response = refresh(api, token)
    assert response.status_code == 200, response.text
    tokens = response.json()["tokens"]
    assert_tokens(tokens)
    return tokens


def login(api, account) -> dict:
    response = api.post("/auth/login", json={"email": account.email, "password": account.password})
    assert response.status_code == 200, response.text
    return response.json()["tokens"]


def test_refresh_rotates_and_spends_the_old_token(api, account):
    tokens = rotate(api, account.refresh)
    assert tokens["refresh"]["token"] != account.refresh
    me = api.get("/users/me", headers=bearer(tokens["access"]["token"]))
    assert me.status_code == 200
    assert me.json()["id"] == account.user["id"]

    assert_problem(refresh(api, account.refresh), 401)


def test_reusing_a_spent_token_revokes_its_family_but_not_other_logins(api, account):
    other_login = login(api, account)
    second = rotate(api, account.refresh)
    newest = rotate(api, second["refresh"]["token"])

    assert_problem(refresh(api, account.refresh), 401)  # reuse of a spent token
    assert_problem(refresh(api, newest["refresh"]["token"]), 401)  # its descendant is revoked
    rotate(api, other_login["refresh"]["token"])  # another login's family lives on


def test_concurrent_refreshes_of_one_token_succeed_at_most_once(api, account):
    barrier = threading.Barrier(5)
    statuses: list[int] = []

    def attempt() -> None:
        barrier.wait(timeout=10)
        statuses.append(refresh(api, account.refresh).status_code)

    threads = [threading.Thread(target=attempt) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=15)
    assert sorted(statuses) == [200, 401, 401, 401, 401], statuses


def test_logout_revokes_the_whole_family(api, account):
    second = rotate(api, account.refresh)
    response = api.post("/auth/logout", json={"refreshToken": second["refresh"]["token"]})
    assert response.status_code == 204, response.text
    assert response.content == b""

    assert_problem(refresh(api, second["refresh"]["token"]), 401)
    assert_problem(refresh(api, account.refresh), 401)
    assert_problem(api.post("/auth/logout", json={"refreshToken": second["refresh"]["token"]}), 401)


@pytest.mark.parametrize("path", ["/auth/refresh", "/auth/logout"])
def test_unknown_refresh_token_is_401(api, path):
    assert_problem(api.post(path, json={"refreshToken": "no-such-token-" + "x" * 40}), 401)


@pytest.mark.parametrize("path", ["/auth/refresh", "/auth/logout"])
@pytest.mark.parametrize("body", [{}, {"refreshToken": 12345}, {"refreshToken": None}])
def test_missing_or_mistyped_refresh_token_is_400(api, path, body):
    assert_problem(api.post(path, json=body), 400, ("refreshToken",))


@pytest.mark.parametrize("path", ["/auth/refresh", "/auth/logout"])
def test_body_that_is_not_json_is_400_naming_body(api, path):
    response = api.post(path, content=b"token", headers={"Content-Type": "application/json"})
    assert_problem(response, 400, ("body",))
