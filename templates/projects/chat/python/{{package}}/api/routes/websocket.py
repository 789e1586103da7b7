"""`GET /ws?token=…`: the WebSocket endpoint, one task per direction per connection.

The token is checked before the upgrade, so a bad one gets a plain HTTP 401.
Afterwards one task reads frames and acts on them, closing the connection
after WS_IDLE_TIMEOUT_SECONDS without a frame, and another writes the
connection's queued frames to the socket. Whichever ends first (the client
left, was idle, or fell behind) ends the connection.

Pings are answered by uvicorn's WebSocket layer and never reach this code,
so only frames count as activity: a connection that only pings is idle.
"""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import NamedTuple, cast

from fastapi import APIRouter, FastAPI, WebSocket, WebSocketDisconnect
from prometheus_client import Gauge
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from ... import frames
from ...core.config import Settings
from ...core.log_redaction import redact_tokens_in_server_logs
from ...core.problems import problem_response
from ...frames import FrameError, Join, Leave, Say
from ...history import DatabaseStore
from ...hub import Connection, Hub
from ...models import User
from .auth import user_from_token

logger = logging.getLogger(__name__)

# How long a closing handshake may take before the socket is simply dropped.
CLOSE_TIMEOUT_SECONDS = 5


class Close(NamedTuple):
    code: int
    reason: str


IDLE = Close(1000, "idle for too long")
TOO_SLOW = Close(1008, "too slow to keep up: reload the history and reconnect")
SERVER_ERROR = Close(1011, "unexpected server error")

OPEN_CONNECTIONS = Gauge("chat_open_connections", "WebSocket connections open right now.")


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, Hub]]:
    sessions = cast(sessionmaker[Session], app.state.sessions)
    with redact_tokens_in_server_logs():
        yield {"hub": Hub(DatabaseStore(sessions))}


router = APIRouter(lifespan=lifespan)


@router.websocket("/ws")
async def chat_socket(websocket: WebSocket) -> None:
    settings = cast(Settings, websocket.app.state.settings)
    user = await run_in_threadpool(_authenticate, websocket, settings)
    if user is None:
        detail = "a valid token is required in the `token` query parameter"
        await websocket.send_denial_response(problem_response(401, detail))
        return
    await websocket.accept()
    OPEN_CONNECTIONS.inc()
    hub = cast(Hub, websocket.state.hub)
    connection = Connection(user.id, user.username, settings.ws_send_queue_size)
    tasks = [
        asyncio.create_task(_read(websocket, connection, hub, settings.ws_idle_timeout_seconds)),
        asyncio.create_task(_write(websocket, connection)),
        asyncio.create_task(_fall_behind(connection)),
    ]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        hub.disconnect(connection)
        OPEN_CONNECTIONS.dec()
    close = _close_for(done.pop())
    if close is not None:
        # The client may be gone already, or too stuck to take a close frame.
        with contextlib.suppress(WebSocketDisconnect, RuntimeError, TimeoutError):
            async with asyncio.timeout(CLOSE_TIMEOUT_SECONDS):
                await websocket.close(close.code, close.reason)


def _authenticate(websocket: WebSocket, settings: Settings) -> User | None:
    token = websocket.query_params.get("token")
    if not token:
        return None
    sessions = cast(sessionmaker[Session], websocket.app.state.sessions)
    with sessions() as session:
        return user_from_token(token, session, settings)


def _close_for(task: asyncio.Task[Close | None]) -> Close | None:
    if task.cancelled():
        return None
    error = task.exception()
    if error is not None:
        logger.error("WebSocket connection failed", exc_info=error)
        return SERVER_ERROR
    return task.result()


async def _read(
    websocket: WebSocket, connection: Connection, hub: Hub, idle_timeout: float
) -> Close | None:
    while True:
        try:
            async with asyncio.timeout(idle_timeout):
                received = await websocket.receive()
        except TimeoutError:
            return IDLE
        if received["type"] == "websocket.disconnect":
            return None
        try:
            await _act_on(received.get("text"), connection, hub)
        except FrameError as error:
            connection.send(frames.error(error.code, error.message))


async def _act_on(text: str | None, connection: Connection, hub: Hub) -> None:
    if text is None:
        raise FrameError("bad_frame", "frames must be JSON text, not binary")
    match frames.parse(text):
        case Join(room=room):
            await hub.join(connection, room)
        case Leave(room=room):
            await hub.leave(connection, room)
        case Say(room=room, body=body):
            await hub.publish(connection, room, body)


async def _write(websocket: WebSocket, connection: Connection) -> Close | None:
    while True:
        frame = await connection.outbox.get()
        try:
            await websocket.send_text(frame)
        except (WebSocketDisconnect, RuntimeError):
            return None


async def _fall_behind(connection: Connection) -> Close | None:
    await connection.closed.wait()
    return TOO_SLOW
