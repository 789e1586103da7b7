"""POST /register and POST /login."""

import pytest

from chat_support import PASSWORD, assert_problem, bearer, unique_name


def test_register_then_login_give_tokens_that_work(api):
    username = unique_name("Mixed")
    registered = api.post("/register", json={"username": username, "password": PASSWORD})
    assert registered.status_code == 201, registered.text
    assert registered.headers["content-type"].startswith("application/json")

    login = api.post("/login", json={"username": username, "password": PASSWORD})
    assert login.status_code == 200, login.text
    for token in (registered.json()["token"], login.json()["token"]):
        assert api.get("/rooms", headers=bearer(token)).status_code == 200


def test_username_taken_regardless_of_case_is_409(api, user):
    response = api.post("/register", json={"username": user.username.upper(), "password": PASSWORD})
    assert_problem(response, 409)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "ab", "password": PASSWORD}, "username"),
        ({"username": "a" * 33, "password": PASSWORD}, "username"),
        ({"username": "bad-name", "password": PASSWORD}, "username"),
        ({"username": "émile_x", "password": PASSWORD}, "username"),
        ({"username": 12345, "password": PASSWORD}, "username"),
        ({"username": None, "password": PASSWORD}, "username"),
        ({"username": "valid_name", "password": "seven77"}, "password"),
        ({"username": "valid_name", "password": "éééééé1"}, "password"),  # 7 code points
        ({"username": "valid_name", "password": 12345678}, "password"),
        ({"username": "valid_name"}, "password"),
    ],
)
def test_invalid_registration_is_400_naming_the_field(api, body, field):
    assert_problem(api.post("/register", json=body), 400, (field,))


def test_username_of_32_characters_and_password_of_8_code_points_are_accepted(api):
    username = unique_name("x") + "_" * 18  # 32 characters
    assert len(username) == 32
    response = api.post("/register", json={"username": username, "password": "ééééééé1"})
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("path", ["/register", "/login"])
def test_body_that_is_not_json_is_400_naming_body(api, path):
    response = api.post(path, content=b"{oops", headers={"Content-Type": "application/json"})
    assert_problem(response, 400, ("body",))


def test_wrong_password_and_unknown_user_are_the_same_401(api, user):
    wrong = api.post("/login", json={"username": user.username, "password": PASSWORD + "x"})
    unknown = api.post("/login", json={"username": unique_name(), "password": PASSWORD})
    assert assert_problem(wrong, 401) == assert_problem(unknown, 401)


@pytest.mark.parametrize(
    ("body", "field"),
    [({"username": "someone"}, "password"), ({"username": 7, "password": PASSWORD}, "username")],
)
def test_invalid_login_is_400(api, body, field):
    assert_problem(api.post("/login", json=body), 400, (field,))
