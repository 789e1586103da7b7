"""POST /rooms and GET /rooms."""

from datetime import datetime, timedelta, timezone

import pytest

from chat_support import assert_problem, parse_timestamp, unique_name


def test_create_room_then_find_it_in_the_list(api, user):
    name = unique_name("Room")
    before = datetime.now(timezone.utc)
    response = api.post("/rooms", json={"name": name}, headers=user.headers)
    assert response.status_code == 201, response.text
    room = response.json()
    assert room["name"] == name
    assert isinstance(room["id"], int)
    assert not isinstance(room["id"], bool)
    created = parse_timestamp(room["createdAt"])
    assert before - timedelta(seconds=1) <= created <= datetime.now(timezone.utc)

    listed = api.get("/rooms", headers=user.headers)
    assert listed.status_code == 200, listed.text
    assert room in listed.json()["data"]


def test_room_name_taken_regardless_of_case_is_409(api, user, room):
    response = api.post("/rooms", json={"name": room["name"].upper()}, headers=user.headers)
    assert_problem(response, 409)


def test_room_name_of_64_code_points_is_accepted(api, user):
    name = unique_name("é") + "é" * 50
    assert len(name) == 64
    response = api.post("/rooms", json={"name": name}, headers=user.headers)
    assert response.status_code == 201, response.text
    assert response.json()["name"] == name


@pytest.mark.parametrize(
    "body",
    [{"name": ""}, {"name": "é" * 65}, {"name": 42}, {"name": None}, {}],
    ids=["empty", "65-code-points", "integer", "null", "missing"],
)
def test_invalid_room_is_400(api, user, body):
    assert_problem(api.post("/rooms", json=body, headers=user.headers), 400, ("name",))


def test_room_body_that_is_not_json_is_400_naming_body(api, user):
    headers = user.headers | {"Content-Type": "application/json"}
    assert_problem(api.post("/rooms", content=b"[", headers=headers), 400, ("body",))


@pytest.mark.parametrize("token", [None, "not-a-token"])
def test_rooms_need_a_valid_token(api, token):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    assert_problem(api.get("/rooms", headers=headers), 401)
    assert_problem(api.post("/rooms", json={"name": unique_name()}, headers=headers), 401)
