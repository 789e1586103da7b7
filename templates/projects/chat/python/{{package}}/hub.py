"""The room hub: who is in which room, and delivering frames to them in order.

It lives in this process's memory, so it only knows the connections of this
process; running several processes would mean publishing stored messages
through a broker (Redis, NATS) and keeping presence in a shared store.

Ordering: each room has a lock, held while a message is stored and handed to
every member, and while a joiner's history is read. Storing gives a message
its id, so members see a room's messages in id order, and a joiner's history
ends exactly where its live messages begin. Rooms do not wait for each other.

Back-pressure: handing a frame to a member only puts it in that connection's
bounded queue, so a slow reader never holds up the room; when its queue is
full the connection is dropped from every room and its socket is closed.
"""

import asyncio
from typing import Protocol

from . import frames
from .frames import FrameError
from .schemas import MessageOut

HISTORY_ON_JOIN = 50


class ChatStore(Protocol):
    async def room_exists(self, room_id: int) -> bool: ...

    async def recent_messages(self, room_id: int, limit: int) -> list[MessageOut]: ...

    async def add_message(
        self, room_id: int, user_id: int, username: str, body: str
    ) -> MessageOut: ...


class Connection:
    """One open socket of a user, with the frames waiting to be written to it."""

    def __init__(self, user_id: int, username: str, queue_size: int) -> None:
        self.user_id = user_id
        self.username = username
        self.rooms: set[int] = set()
        # Set when the connection is no longer served: it disconnected or fell behind.
        self.closed = asyncio.Event()
        self.outbox: asyncio.Queue[str] = asyncio.Queue(queue_size)

    def send(self, frame: str) -> None:
        """Queue a frame without waiting; a full queue closes the connection instead."""
        if self.closed.is_set():
            return
        try:
            self.outbox.put_nowait(frame)
        except asyncio.QueueFull:
            self.closed.set()


class Hub:
    def __init__(self, store: ChatStore) -> None:
        self._store = store
        self._members: dict[int, dict[Connection, None]] = {}
        # One lock per room ever joined, so at most one per row of the rooms table.
        self._locks: dict[int, asyncio.Lock] = {}

    def members(self, room_id: int) -> list[Connection]:
        return list(self._members.get(room_id, {}))

    async def join(self, connection: Connection, room_id: int) -> None:
        """Send the joiner the room's recent history, then everyone the new presence."""
        if room_id not in connection.rooms and not await self._store.room_exists(room_id):
            raise FrameError("not_found", f"room {room_id} does not exist")
        async with self._lock(room_id):
            recent = await self._store.recent_messages(room_id, HISTORY_ON_JOIN)
            if connection.closed.is_set():
                return
            connection.send(frames.history(room_id, recent))
            if room_id in connection.rooms:
                # Joining again changes nobody's view but the joiner's: answer it alone.
                connection.send(self._presence(room_id))
                return
            self._members.setdefault(room_id, {})[connection] = None
            connection.rooms.add(room_id)
            self._broadcast(room_id, self._presence(room_id))

    async def leave(self, connection: Connection, room_id: int) -> None:
        if room_id not in connection.rooms:
            raise await self._not_joined(room_id)
        self._remove(connection, room_id)

    async def publish(self, connection: Connection, room_id: int, body: str) -> None:
        """Store a message, then hand it to every member of the room, the sender included."""
        if room_id not in connection.rooms:
            raise await self._not_joined(room_id)
        async with self._lock(room_id):
            stored = await self._store.add_message(
                room_id, connection.user_id, connection.username, body
            )
            self._broadcast(room_id, frames.message(stored))

    def disconnect(self, connection: Connection) -> None:
        """Take a connection out of every room; safe to call more than once."""
        connection.closed.set()
        for room_id in sorted(connection.rooms):
            self._remove(connection, room_id)

    def _remove(self, connection: Connection, room_id: int) -> None:
        # No lock: leaving touches only memory and needs no await, so nothing can interleave.
        connection.rooms.discard(room_id)
        members = self._members.get(room_id, {})
        members.pop(connection, None)
        if members:
            self._broadcast(room_id, self._presence(room_id))
        else:
            self._members.pop(room_id, None)

    def _broadcast(self, room_id: int, frame: str) -> None:
        members = self.members(room_id)
        for member in members:
            member.send(frame)
        # Overflowing members leave only once everyone has this frame: the presence
        # frame their leaving causes then comes after it for every member alike.
        for member in members:
            if member.closed.is_set():
                self.disconnect(member)

    def _presence(self, room_id: int) -> str:
        return frames.presence(room_id, (member.username for member in self.members(room_id)))

    async def _not_joined(self, room_id: int) -> FrameError:
        if await self._store.room_exists(room_id):
            return FrameError("not_member", f"join room {room_id} first")
        return FrameError("not_found", f"room {room_id} does not exist")

    def _lock(self, room_id: int) -> asyncio.Lock:
        return self._locks.setdefault(room_id, asyncio.Lock())
