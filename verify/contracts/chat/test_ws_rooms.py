"""Joining, presence, broadcast, leaving and disconnecting."""

from chat_support import register


def test_join_gives_history_then_presence_of_sorted_usernames(api, room, ws_client):
    zed, amy = register(api, "zed"), register(api, "amy")
    first = ws_client(zed)
    history, presence = first.join(room["id"])
    assert history == {"type": "history", "room": room["id"], "messages": []}
    assert presence == {"type": "presence", "room": room["id"], "users": [zed.username]}

    second = ws_client(amy)
    _, presence = second.join(room["id"])
    expected = {"type": "presence", "room": room["id"], "users": [amy.username, zed.username]}
    assert presence == expected
    assert first.recv_type("presence") == expected


def test_message_reaches_every_member_including_the_sender_as_stored(
    api, user, new_user, room, ws_client
):
    other = new_user()  # registered before connecting, so no connection idles meanwhile
    sender, listener = ws_client(user), ws_client(other)
    sender.join(room["id"])
    listener.join(room["id"])
    sender.recv_type("presence")

    sent = sender.say(room["id"], "hello, room")
    assert sent["type"] == "message"
    assert listener.recv_type("message") == sent

    stored = api.get(f"/rooms/{room['id']}/messages", headers=user.headers).json()["data"]
    assert [message["id"] for message in stored] == [sent["id"]]
    assert stored[0] == {key: value for key, value in sent.items() if key != "type"}


def test_a_client_that_leaves_gets_no_further_presence(user, new_user, room, ws_client):
    stayer, leaver, late = user, new_user(), new_user()
    staying, leaving = ws_client(stayer), ws_client(leaver)
    staying.join(room["id"])
    leaving.join(room["id"])
    staying.recv_type("presence")

    leaving.send({"type": "leave", "room": room["id"]})
    assert staying.recv_type("presence")["users"] == [stayer.username]
    ws_client(late).join(room["id"])
    assert staying.recv_type("presence")["users"] == sorted([stayer.username, late.username])
    staying.say(room["id"], "after the leave")

    assert leaving.frames_within(0.7) == [], "a client that left still hears the room"
    leaving.send({"type": "message", "room": room["id"], "body": "am I in?"})
    leaving.expect_error("not_member")


def test_disconnect_updates_presence(user, new_user, room, ws_client):
    other = new_user()
    staying, going = ws_client(user), ws_client(other)
    staying.join(room["id"])
    going.join(room["id"])
    staying.recv_type("presence")
    going.close()
    assert staying.recv_type("presence")["users"] == [user.username]


def test_presence_lists_a_user_once_however_many_connections(user, new_user, room, ws_client):
    other = new_user()
    first, second = ws_client(user), ws_client(user)
    first.join(room["id"])
    _, presence = second.join(room["id"])
    assert presence["users"] == [user.username]
    _, presence = ws_client(other).join(room["id"])
    assert presence["users"] == sorted([user.username, other.username])
    for client in (first, second):
        frames = [frame for frame in client.frames_within(0.5) if frame["type"] == "presence"]
        assert frames
        assert all(frame["users"].count(user.username) == 1 for frame in frames)
        assert frames[-1]["users"] == presence["users"]
