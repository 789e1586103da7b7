"""GET /rooms/{id}/messages and the history frame: the newest messages, oldest first."""

import pytest

from chat_support import Client, assert_problem, create_room, register


@pytest.fixture(scope="module")
def filled(api):
    """A room with 55 messages, sent in order; returns the room, a reader and their ids."""
    author = register(api)
    room = create_room(api, author)
    client = Client(author)
    try:
        client.join(room["id"])
        for n in range(55):
            client.send({"type": "message", "room": room["id"], "body": f"message {n}"})
        ids = [client.recv_type("message")["id"] for _ in range(55)]
    finally:
        client.close()
    return room, register(api), ids


def history(api, reader, room_id, **params):
    response = api.get(f"/rooms/{room_id}/messages", params=params, headers=reader.headers)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def test_default_is_the_newest_50_oldest_first(api, filled):
    room, reader, ids = filled
    assert ids == sorted(ids)
    assert len(set(ids)) == 55
    messages = history(api, reader, room["id"])  # no membership needed
    assert [message["id"] for message in messages] == ids[5:]
    assert [message["body"] for message in messages] == [f"message {n}" for n in range(5, 55)]


def test_before_and_limit_select_the_newest_older_messages(api, filled):
    room, reader, ids = filled

    def ids_of(**params):
        return [message["id"] for message in history(api, reader, room["id"], **params)]

    assert ids_of(limit=7) == ids[-7:]
    assert ids_of(before=ids[20], limit=5) == ids[15:20]
    assert ids_of(before=ids[3]) == ids[:3]
    assert ids_of(before=ids[0]) == []
    assert ids_of(limit=100) == ids


def test_join_sends_the_last_50_oldest_first(filled, ws_client):
    room, reader, ids = filled
    history_frame, _ = ws_client(reader).join(room["id"])
    assert [message["id"] for message in history_frame["messages"]] == ids[5:]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"limit": "2.5"}, "limit"),
        ({"before": "latest"}, "before"),
    ],
)
def test_bad_parameters_are_400(api, filled, params, field):
    room, reader, _ = filled
    response = api.get(f"/rooms/{room['id']}/messages", params=params, headers=reader.headers)
    assert_problem(response, 400, (field,))


def test_unknown_room_is_404_and_a_token_is_needed(api, filled):
    room, reader, _ = filled
    assert_problem(api.get("/rooms/2000000000/messages", headers=reader.headers), 404)
    not_an_id = api.get("/rooms/abc/messages", headers=reader.headers)
    assert_problem(not_an_id, 400 if not_an_id.status_code == 400 else 404)
    assert_problem(api.get(f"/rooms/{room['id']}/messages"), 401)
