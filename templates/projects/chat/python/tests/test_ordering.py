"""Five clients talk at once in one room; every member must see one sequence, in id order."""

from contextlib import ExitStack

from fastapi.testclient import TestClient

from .conftest import create_room, register

CLIENTS = 5
MESSAGES_EACH = 8


def test_every_member_sees_the_same_messages_in_id_order(client: TestClient) -> None:
    tokens = [register(client, f"user{n}") for n in range(CLIENTS)]
    room_id = create_room(client, tokens[0])["id"]
    with ExitStack() as stack:
        sockets = [
            stack.enter_context(client.websocket_connect(f"/ws?token={token}")) for token in tokens
        ]
        for socket in sockets:
            socket.send_json({"type": "join", "room": room_id})
            assert [socket.receive_json()["type"] for _ in range(2)] == ["history", "presence"]
        for joined, socket in enumerate(sockets, start=1):
            # One more presence frame for each client that joined after this one.
            for _ in range(CLIENTS - joined):
                assert socket.receive_json()["type"] == "presence"

        # Every frame is sent before any is read, so the server handles all five at once.
        for n in range(MESSAGES_EACH):
            for sender, socket in enumerate(sockets):
                socket.send_json({"type": "message", "room": room_id, "body": f"{sender}:{n}"})
        seen = [
            [socket.receive_json() for _ in range(CLIENTS * MESSAGES_EACH)] for socket in sockets
        ]

    ids = [[message["id"] for message in messages] for messages in seen]
    assert all(sequence == ids[0] for sequence in ids)
    assert ids[0] == sorted(set(ids[0]))
    for sender in range(CLIENTS):
        bodies = [m["body"] for m in seen[0] if m["body"].startswith(f"{sender}:")]
        assert bodies == [f"{sender}:{n}" for n in range(MESSAGES_EACH)]
    assert all(message["type"] == "message" for messages in seen for message in messages)
