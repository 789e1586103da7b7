"""Helpers shared by the chat contract tests: accounts, problem bodies, WebSocket clients.

The module name is unique to this suite so it never shadows another suite's helpers.
"""

import json
import os
import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

import httpx
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

BASE_URL = os.environ.get("FOLIO_BASE_URL", "").rstrip("/")
WS_URL = re.sub(r"^http", "ws", BASE_URL) + "/ws"
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
PASSWORD = "correct-horse-1"
FRAME_TIMEOUT = 5.0


def unique_name(prefix: str = "u") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def parse_timestamp(value: object) -> datetime:
    """A contract timestamp: RFC 3339, UTC, `Z`, exactly three fractional digits."""
    assert isinstance(value, str), f"bad timestamp {value!r}"
    assert TIMESTAMP.match(value), f"bad timestamp {value!r}"
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


def assert_problem(response: httpx.Response, status: int, fields: tuple[str, ...] = ()) -> dict:
    """An RFC 9457 problem with `status`; on a 400, an `errors` array naming `fields`."""
    assert response.status_code == status, (
        f"expected {status}, got {response.status_code}: {response.text[:500]}"
    )
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    assert media_type == "application/problem+json", f"content type {media_type!r}"
    body = response.json()
    for member in ("type", "title"):
        assert isinstance(body.get(member), str), body
        assert body[member], body
    assert body.get("status") == status, body
    assert isinstance(body.get("detail"), str), body
    assert "Traceback" not in response.text
    if status == 400:
        errors = body.get("errors")
        assert isinstance(errors, list), f"a 400 needs an errors array: {body}"
        assert errors, f"a 400 needs a non-empty errors array: {body}"
        for error in errors:
            assert isinstance(error.get("field"), str)
            assert isinstance(error.get("message"), str)
        named = {error["field"] for error in errors}
        for name in fields:
            assert any(n == name or n.endswith("." + name) for n in named), (
                f"no error names {name!r}: {errors}"
            )
    return body


def assert_message(message: dict, room: int, user: str, body: str) -> None:
    assert {k: message.get(k) for k in ("room", "user", "body")} == {
        "room": room,
        "user": user,
        "body": body,
    }, message
    assert isinstance(message["id"], int)
    assert not isinstance(message["id"], bool)
    parse_timestamp(message["createdAt"])


@dataclass
class User:
    username: str
    token: str
    headers: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.headers = bearer(self.token)


def register(api: httpx.Client, prefix: str = "u") -> User:
    username = unique_name(prefix)
    response = api.post("/register", json={"username": username, "password": PASSWORD})
    assert response.status_code == 201, response.text
    token = response.json()["token"]
    assert isinstance(token, str)
    assert token
    return User(username, token)


def create_room(api: httpx.Client, user: User, name: str | None = None) -> dict:
    response = api.post("/rooms", json={"name": name or unique_name("room")}, headers=user.headers)
    assert response.status_code == 201, response.text
    return response.json()


class Client:
    """One WebSocket connection of `user`, speaking JSON frames."""

    def __init__(self, user: User) -> None:
        self.user = user
        # Entered by hand: newer websockets versions want connect() used as a context manager.
        self._connection = connect(f"{WS_URL}?token={user.token}", open_timeout=10)
        self.ws: ClientConnection = self._connection.__enter__()

    def send(self, frame: dict | str) -> None:
        self.ws.send(frame if isinstance(frame, str) else json.dumps(frame))

    def recv(self, timeout: float = FRAME_TIMEOUT) -> dict:
        frame = json.loads(self.ws.recv(timeout=timeout))
        assert isinstance(frame, dict), frame
        return frame

    def recv_type(self, kind: str, timeout: float = FRAME_TIMEOUT) -> dict:
        """The next frame, which must be of type `kind`."""
        frame = self.recv(timeout)
        assert frame.get("type") == kind, f"expected a {kind} frame, got {frame}"
        return frame

    def frames_within(self, seconds: float) -> list[dict]:
        """Every frame that arrives in the next `seconds`."""
        frames, deadline = [], time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                frames.append(self.recv(left))
            except TimeoutError:
                break
        return frames

    def join(self, room: int) -> tuple[dict, dict]:
        """Join `room`: the history frame comes first, then presence."""
        self.send({"type": "join", "room": room})
        history = self.recv_type("history")
        assert history["room"] == room
        presence = self.recv_type("presence")
        assert presence["room"] == room
        assert self.user.username in presence["users"]
        return history, presence

    def say(self, room: int, body: str) -> dict:
        """Send a message and return its stored form, as broadcast back to the sender."""
        self.send({"type": "message", "room": room, "body": body})
        frame = self.recv_type("message")
        assert_message(frame, room, self.user.username, body)
        return frame

    def expect_error(self, code: str) -> dict:
        frame = self.recv_type("error")
        assert frame["code"] == code, frame
        assert isinstance(frame.get("message"), str), frame
        assert frame["message"], frame
        return frame

    def is_closed_within(self, seconds: float) -> bool:
        """Whether the server closes the connection in the next `seconds` (frames are dropped)."""
        deadline = time.monotonic() + seconds
        try:
            while (left := deadline - time.monotonic()) > 0:
                self.ws.recv(timeout=left)
        except TimeoutError:
            return False
        except ConnectionClosed:
            return True
        return False

    def close(self) -> None:
        self._connection.__exit__(None, None, None)
