"""Storing and reading messages: the database side of both history and live chat.

The HTTP history endpoint calls these functions directly; the WebSocket hub
reaches them through `DatabaseStore`, which runs each one in a worker thread
so that a slow query never blocks the event loop that serves every socket.
"""

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from .core.timestamps import utc_now
from .models import Message, Room, User
from .schemas import MessageOut

# Ids are 64-bit in the database; anything beyond cannot exist.
MAX_ID = 2**63 - 1

T = TypeVar("T")


def room_exists(session: Session, room_id: int) -> bool:
    return 1 <= room_id <= MAX_ID and session.get(Room, room_id) is not None


def recent_messages(
    session: Session, room_id: int, limit: int, before: int | None = None
) -> list[MessageOut]:
    """The newest `limit` messages of a room with an id below `before`, oldest first."""
    query = (
        select(Message, User.username)
        .join(User, Message.user_id == User.id)
        .where(Message.room_id == room_id)
    )
    # A cursor past the largest possible id bounds nothing, and would overflow a BIGINT.
    if before is not None and before <= MAX_ID:
        query = query.where(Message.id < before)
    rows = session.execute(query.order_by(Message.id.desc()).limit(limit)).all()
    return [_message_out(message, username) for message, username in reversed(rows)]


def add_message(
    session: Session, room_id: int, user_id: int, username: str, body: str
) -> MessageOut:
    """Store a message; the caller knows the author's name, which saves reading it back."""
    message = Message(room_id=room_id, user_id=user_id, body=body, created_at=utc_now())
    session.add(message)
    session.commit()
    return _message_out(message, username)


def _message_out(message: Message, username: str) -> MessageOut:
    return MessageOut(
        id=message.id,
        room=message.room_id,
        user=username,
        body=message.body,
        created_at=message.created_at,
    )


class DatabaseStore:
    """The hub's view of the database: the functions above, off the event loop."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    async def room_exists(self, room_id: int) -> bool:
        return await self._run(lambda session: room_exists(session, room_id))

    async def recent_messages(self, room_id: int, limit: int) -> list[MessageOut]:
        return await self._run(lambda session: recent_messages(session, room_id, limit))

    async def add_message(self, room_id: int, user_id: int, username: str, body: str) -> MessageOut:
        return await self._run(
            lambda session: add_message(session, room_id, user_id, username, body)
        )

    async def _run(self, work: Callable[[Session], T]) -> T:
        def in_a_session() -> T:
            with self._sessions() as session:
                return work(session)

        return await run_in_threadpool(in_a_session)
