"""Error frames: each goes to the offender only, and the connection stays open."""

import pytest


@pytest.fixture
def member(user, room, ws_client, other_user):
    """A client that has joined `room`."""
    client = ws_client(user)
    client.join(room["id"])
    return client


@pytest.fixture
def other_user(new_user):
    return new_user()


@pytest.fixture
def bystander(other_user, room, ws_client, member):
    """A second member of `room`, which must not see the member's errors."""
    client = ws_client(other_user)
    client.join(room["id"])
    member.recv_type("presence")
    return client


def bad_frames(room: int) -> list:
    return [
        "this is not JSON",
        '{"type": "message",',
        "[1, 2, 3]",
        '"join"',
        "42",
        "null",
        {},
        {"type": "dance", "room": room},
        {"type": 7, "room": room},
        {"type": "join"},
        {"type": "join", "room": str(room)},
        {"type": "join", "room": None},
        {"type": "leave", "room": [room]},
        {"type": "message", "room": room},
        {"type": "message", "room": room, "body": 5},
        {"type": "message", "room": room, "body": None},
        {"type": "message", "body": "where to?"},
    ]


def test_malformed_or_mistyped_frames_are_bad_frame_and_the_connection_stays_open(
    room, member, bystander
):
    for frame in bad_frames(room["id"]):
        member.send(frame)
        assert member.recv_type("error")["code"] == "bad_frame", f"for {frame!r}"
    assert bystander.frames_within(0.5) == [], "errors must go to the offender only"
    member.say(room["id"], "still here")
    assert bystander.recv_type("message")["body"] == "still here"


def test_unknown_room_is_not_found(user, ws_client):
    client = ws_client(user)
    for kind in ("join", "leave"):
        client.send({"type": kind, "room": 2_000_000_000})
        client.expect_error("not_found")
    client.send({"type": "message", "room": 2_000_000_000, "body": "hello?"})
    assert client.recv_type("error")["code"] in ("not_found", "not_member")


def test_message_to_a_room_not_joined_is_not_member(user, room, ws_client):
    client = ws_client(user)
    client.send({"type": "message", "room": room["id"], "body": "let me in"})
    client.expect_error("not_member")
    client.join(room["id"])
    client.say(room["id"], "now I am in")


@pytest.mark.parametrize("body", ["", "x" * 2001, "é" * 2001], ids=["empty", "2001", "2001-é"])
def test_empty_or_too_long_body_is_invalid(room, member, bystander, body):
    member.send({"type": "message", "room": room["id"], "body": body})
    member.expect_error("invalid")
    assert bystander.frames_within(0.3) == []


def test_body_of_2000_code_points_is_accepted(room, member, bystander):
    body = "é" * 2000  # 4000 bytes in UTF-8: the limit counts code points
    sent = member.say(room["id"], body)
    assert bystander.recv_type("message") == sent
