from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import bearer, create_room, post_messages


def history(client: TestClient, token: str, room_id: int, **params: Any) -> list[Any]:
    response = client.get(f"/rooms/{room_id}/messages", params=params, headers=bearer(token))
    assert response.status_code == 200, response.text
    assert response.json().keys() == {"data"}
    messages: list[Any] = response.json()["data"]
    return messages


def test_a_message_has_the_contract_shape(client: TestClient, alice: str) -> None:
    room = create_room(client, alice)
    [sent] = post_messages(client, alice, room["id"], "hello")

    [message] = history(client, alice, room["id"])

    assert message.keys() == {"id", "room", "user", "body", "createdAt"}
    assert (message["room"], message["user"], message["body"]) == (room["id"], "alice", "hello")
    assert {"type": "message", **message} == sent


def test_an_empty_room_has_an_empty_history(client: TestClient, alice: str) -> None:
    assert history(client, alice, create_room(client, alice)["id"]) == []


def test_the_newest_50_come_back_oldest_first(client: TestClient, alice: str) -> None:
    room = create_room(client, alice)
    sent = post_messages(client, alice, room["id"], *(f"m{n}" for n in range(60)))

    bodies = [message["body"] for message in history(client, alice, room["id"])]

    assert bodies == [f"m{n}" for n in range(10, 60)]
    assert [message["id"] for message in sent] == sorted(message["id"] for message in sent)


def test_before_pages_backwards_by_id(client: TestClient, alice: str) -> None:
    room = create_room(client, alice)
    ids = [m["id"] for m in post_messages(client, alice, room["id"], *"abcdefg")]

    page = history(client, alice, room["id"], before=ids[5], limit=3)

    assert [message["id"] for message in page] == ids[2:5]
    assert history(client, alice, room["id"], before=ids[0]) == []
    assert len(history(client, alice, room["id"], before=2**70, limit=100)) == 7


def test_rooms_do_not_share_history(client: TestClient, alice: str) -> None:
    first, second = create_room(client, alice, "first"), create_room(client, alice, "second")
    post_messages(client, alice, first["id"], "in first")
    post_messages(client, alice, second["id"], "in second")

    assert [m["body"] for m in history(client, alice, first["id"])] == ["in first"]


def test_reading_history_needs_no_membership(client: TestClient, alice: str, bob: str) -> None:
    room = create_room(client, alice)
    post_messages(client, alice, room["id"], "hi")

    assert [m["user"] for m in history(client, bob, room["id"])] == ["alice"]


def test_limit_may_be_100(client: TestClient, alice: str) -> None:
    assert history(client, alice, create_room(client, alice)["id"], limit=100) == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"limit": "1.0"}, "limit"),
        ({"limit": ""}, "limit"),
        ({"before": 0}, "before"),
        ({"before": -5}, "before"),
        ({"before": "1e3"}, "before"),
    ],
)
def test_bad_before_or_limit_is_400(
    client: TestClient, alice: str, params: dict[str, Any], field: str
) -> None:
    room = create_room(client, alice)

    response = client.get(f"/rooms/{room['id']}/messages", params=params, headers=bearer(alice))

    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == [field]


@pytest.mark.parametrize("room_id", ["999", "0", "-1", "abc", str(2**70)])
def test_an_unknown_room_is_404(client: TestClient, alice: str, room_id: str) -> None:
    response = client.get(f"/rooms/{room_id}/messages", headers=bearer(alice))

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
