"""POST /auth/login: success, the indistinguishable 401, and invalid bodies."""

import time

import pytest

from auth_support import assert_problem, assert_tokens, assert_user, bearer, unique_email


def test_login_with_email_in_another_case_returns_user_and_fresh_tokens(api, account):
    response = api.post(
        "/auth/login", json={"email": account.email.upper(), "password": account.password}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert_user(body["user"], account.email)
    assert body["user"]["id"] == account.user["id"]
    assert_tokens(body["tokens"])
    assert body["tokens"]["refresh"]["token"] != account.refresh
    me = api.get("/users/me", headers=bearer(body["tokens"]["access"]["token"]))
    assert me.status_code == 200
    assert me.json()["id"] == account.user["id"]


def _timed_login(api, email: str, password: str):
    started = time.perf_counter()
    response = api.post("/auth/login", json={"email": email, "password": password})
    return response, time.perf_counter() - started


def test_wrong_email_and_wrong_password_get_the_same_answer_in_similar_time(api, account):
    unknown, wrong = [], []
    for _ in range(4):  # interleaved, so that load on the machine hits both alike
        unknown.append(_timed_login(api, unique_email("nobody"), account.password))
        wrong.append(_timed_login(api, account.email, account.password + "x"))

    answers = set()
    for response, _ in unknown + wrong:
        body = assert_problem(response, 401)
        answers.add((response.headers["content-type"], tuple(sorted(body.items()))))
    assert len(answers) == 1, f"the two failures are distinguishable: {answers}"

    # Checking a password hash takes tens of milliseconds; skipping it for an
    # unknown email shows as a far shorter answer. The fastest of each kind is
    # the least disturbed by other load, and the bound is loose on purpose.
    unknown_time = min(elapsed for _, elapsed in unknown)
    wrong_time = min(elapsed for _, elapsed in wrong)
    assert unknown_time >= wrong_time * 0.3 or wrong_time - unknown_time < 0.015, (
        f"unknown email answered in {unknown_time:.4f}s, wrong password in {wrong_time:.4f}s"
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "someone@example.com"}, "password"),
        ({"password": "correct-horse-1"}, "email"),
        ({"email": "someone@example.com", "password": 12345678}, "password"),
        ({"email": ["someone@example.com"], "password": "correct-horse-1"}, "email"),
    ],
)
def test_invalid_login_body_is_400_naming_the_field(api, body, field):
    assert_problem(api.post("/auth/login", json=body), 400, (field,))


def test_login_body_that_is_not_json_is_400_naming_body(api):
    response = api.post(
        "/auth/login", content=b"email=a", headers={"Content-Type": "application/json"}
    )
    assert_problem(response, 400, ("body",))
