"""`/ws` through Starlette's test client: the token check, joins, presence and messages."""

from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketDenialResponse

from .conftest import TEST_SECRET, create_room, join, post_messages, register


def presence(room_id: int, *users: str) -> dict[str, Any]:
    return {"type": "presence", "room": room_id, "users": list(users)}


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?token=",
        "?token=not-a-token",
        f"?token={jwt.encode({'sub': '1', 'iat': 0, 'exp': 1}, TEST_SECRET, algorithm='HS256')}",
        f"?token={jwt.encode({'sub': '1', 'iat': 0, 'exp': 2**40}, 'x' * 40, algorithm='HS256')}",
        f"?token={jwt.encode({'sub': '9', 'iat': 0, 'exp': 2**40}, TEST_SECRET, algorithm='HS256')}",
    ],
)
def test_a_bad_token_is_a_401_before_the_upgrade(client: TestClient, query: str) -> None:
    with pytest.raises(WebSocketDenialResponse) as denied, client.websocket_connect(f"/ws{query}"):
        pass

    assert denied.value.status_code == 401
    assert denied.value.headers["content-type"] == "application/problem+json"
    assert denied.value.json()["status"] == 401


def test_a_joiner_gets_the_history_then_presence(client: TestClient, alice: str) -> None:
    room = create_room(client, alice)
    [said] = post_messages(client, alice, room["id"], "earlier")

    with client.websocket_connect(f"/ws?token={alice}") as socket:
        socket.send_json({"type": "join", "room": room["id"]})

        assert socket.receive_json() == {
            "type": "history",
            "room": room["id"],
            "messages": [{key: value for key, value in said.items() if key != "type"}],
        }
        assert socket.receive_json() == presence(room["id"], "alice")


def test_members_hear_of_joins_leaves_and_disconnects(
    client: TestClient, alice: str, bob: str
) -> None:
    room_id = create_room(client, alice)["id"]
    with client.websocket_connect(f"/ws?token={alice}") as first:
        join(first, room_id)
        with client.websocket_connect(f"/ws?token={bob}") as second:
            assert join(second, room_id) == ["alice", "bob"]
            assert first.receive_json() == presence(room_id, "alice", "bob")

            second.send_json({"type": "leave", "room": room_id})
            assert first.receive_json() == presence(room_id, "alice")

            assert join(second, room_id) == ["alice", "bob"]
            assert first.receive_json() == presence(room_id, "alice", "bob")
        assert first.receive_json() == presence(room_id, "alice")


def test_a_message_reaches_every_member_the_sender_included(
    client: TestClient, alice: str, bob: str
) -> None:
    room_id = create_room(client, alice)["id"]
    with (
        client.websocket_connect(f"/ws?token={alice}") as first,
        client.websocket_connect(f"/ws?token={bob}") as second,
    ):
        join(first, room_id)
        join(second, room_id)
        first.receive_json()

        second.send_json({"type": "message", "room": room_id, "body": "hello"})

        heard = first.receive_json()
        assert heard == second.receive_json()
        assert heard["type"] == "message"
        assert (heard["room"], heard["user"], heard["body"]) == (room_id, "bob", "hello")
        stored = client.get(
            f"/rooms/{room_id}/messages", headers={"Authorization": f"Bearer {alice}"}
        ).json()["data"]
        assert [message["id"] for message in stored] == [heard["id"]]


def test_a_client_that_leaves_gets_no_more_presence(
    client: TestClient, alice: str, bob: str
) -> None:
    room_id = create_room(client, alice)["id"]
    with (
        client.websocket_connect(f"/ws?token={alice}") as leaver,
        client.websocket_connect(f"/ws?token={bob}") as stayer,
    ):
        join(leaver, room_id)
        join(stayer, room_id)
        leaver.receive_json()
        leaver.send_json({"type": "leave", "room": room_id})
        assert stayer.receive_json() == presence(room_id, "bob")

        with client.websocket_connect(f"/ws?token={register(client, 'carol')}") as joiner:
            join(joiner, room_id)
            assert stayer.receive_json() == presence(room_id, "bob", "carol")

        # Frames to one socket keep their order: had presence come, it would be first.
        leaver.send_json({"type": "leave", "room": room_id})
        assert leaver.receive_json()["code"] == "not_member"


def test_presence_lists_a_user_once_however_many_connections(
    client: TestClient, alice: str
) -> None:
    room_id = create_room(client, alice)["id"]
    with client.websocket_connect(f"/ws?token={alice}") as phone:
        join(phone, room_id)
        with client.websocket_connect(f"/ws?token={alice}") as laptop:
            assert join(laptop, room_id) == ["alice"]
            assert phone.receive_json() == presence(room_id, "alice")
            laptop.send_json({"type": "message", "room": room_id, "body": "from the laptop"})
            assert phone.receive_json()["body"] == laptop.receive_json()["body"]
        assert phone.receive_json() == presence(room_id, "alice")
