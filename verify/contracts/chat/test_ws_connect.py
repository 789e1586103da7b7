"""GET /ws: the handshake, pings and the idle timeout."""

import os
import time

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from chat_support import WS_URL

IDLE_TIMEOUT = int(os.environ.get("WS_IDLE_TIMEOUT_SECONDS", "60"))


@pytest.mark.parametrize(
    "query",
    ["", "?token=", "?token=not-a-token", "?token=a.b.c"],
    ids=["none", "empty", "junk", "jwt-shaped"],
)
def test_bad_token_is_refused_with_401_before_the_upgrade(query):
    with pytest.raises(InvalidStatus) as refused, connect(WS_URL + query, open_timeout=10):
        pass
    assert refused.value.response.status_code == 401


def test_valid_token_upgrades_and_the_server_answers_pings(user, ws_client):
    client = ws_client(user)
    assert client.ws.ping().wait(5), "no pong within 5 s"


@pytest.mark.skipif(IDLE_TIMEOUT > 10, reason="needs WS_IDLE_TIMEOUT_SECONDS of at most 10")
def test_idle_connection_is_closed_and_an_active_one_is_not(user, ws_client):
    idle, active = ws_client(user), ws_client(user)
    started = time.monotonic()
    closed_after = None
    while time.monotonic() - started < IDLE_TIMEOUT + 3:
        active.send({"type": "keep-alive"})  # any frame is activity; this one is answered
        active.expect_error("bad_frame")
        if closed_after is None and idle.is_closed_within(1.0):
            closed_after = time.monotonic() - started
        if closed_after is not None and time.monotonic() - started > IDLE_TIMEOUT + 1:
            break
    assert closed_after is not None, f"idle connection still open after {IDLE_TIMEOUT + 3} s"
    assert closed_after >= IDLE_TIMEOUT - 1, f"idle connection closed after {closed_after:.1f} s"
    assert active.ws.ping().wait(5), "the active connection was closed too"
