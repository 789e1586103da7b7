"""A broker in this process's memory with the delivery rules of Redis Streams, for tests.

Entries are delivered to one consumer of each group, stay pending until
acknowledged and count their deliveries; an idle pending entry can be claimed
by another consumer. `now` tells the time, so a test makes an entry idle
without waiting; `down` makes every call fail as an unreachable Redis does.
Nothing survives the process.
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from . import (
    BrokerUnavailableError,
    GroupMissingError,
    GroupStats,
    Message,
    StreamStats,
    dead_counts,
    dead_letter_fields,
    dead_stream,
)


@dataclass
class _Pending:
    consumer: str
    delivered_at: float
    deliveries: int


@dataclass
class _Group:
    # Index of the first entry not yet delivered to the group.
    next: int
    pending: dict[str, _Pending] = field(default_factory=dict)


@dataclass
class _Stream:
    entries: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    groups: dict[str, _Group] = field(default_factory=dict)


class MemoryBroker:
    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self.now = now
        self.down = False
        self._streams: dict[str, _Stream] = {}
        self._counts: dict[str, dict[str, int]] = {}
        self._sequence = 0
        # Notified on every append, so a blocked read wakes at once.
        self._changed = threading.Condition()

    def _check(self) -> None:
        if self.down:
            raise BrokerUnavailableError("memory broker: down")

    def _stream(self, name: str) -> _Stream:
        return self._streams.setdefault(name, _Stream())

    def _group(self, stream: str, group: str) -> _Group:
        found = self._stream(stream).groups.get(group)
        if found is None:
            raise GroupMissingError(f"no group {group!r} on {stream!r}")
        return found

    def _append(self, stream: str, fields: dict[str, str]) -> str:
        self._sequence += 1
        entry_id = f"{self._sequence}-0"
        self._stream(stream).entries.append((entry_id, dict(fields)))
        self._changed.notify_all()
        return entry_id

    def add(self, stream: str, fields: dict[str, str]) -> str:
        """Append an entry as a client other than the relay would (a duplicate, a poison message)."""
        with self._changed:
            return self._append(stream, fields)

    def entries(self, stream: str) -> list[dict[str, str]]:
        with self._changed:
            return [dict(fields) for _, fields in self._stream(stream).entries]

    def ping(self) -> None:
        with self._changed:
            self._check()

    def ensure_groups(self, stream: str, *groups: str) -> None:
        with self._changed:
            self._check()
            found = self._stream(stream)
            for group in groups:
                found.groups.setdefault(group, _Group(next=len(found.entries)))

    def publish(self, stream: str, entries: list[dict[str, str]]) -> int:
        with self._changed:
            self._check()
            for entry in entries:
                self._append(stream, entry)
        return len(entries)

    def read(
        self, stream: str, group: str, consumer: str, count: int, block_ms: int
    ) -> list[Message]:
        deadline = time.monotonic() + block_ms / 1000
        with self._changed:
            while True:
                self._check()
                found, reader = self._stream(stream), self._group(stream, group)
                messages: list[Message] = []
                while reader.next < len(found.entries) and len(messages) < count:
                    entry_id, fields = found.entries[reader.next]
                    reader.next += 1
                    reader.pending[entry_id] = _Pending(consumer, self.now(), 1)
                    messages.append(Message(entry_id, dict(fields), 1))
                left = deadline - time.monotonic()
                if messages or left <= 0:
                    return messages
                self._changed.wait(left)

    def claim(
        self, stream: str, group: str, consumer: str, min_idle_ms: int, count: int
    ) -> list[Message]:
        with self._changed:
            self._check()
            found, reader = self._stream(stream), self._group(stream, group)
            messages: list[Message] = []
            # In stream order, as XAUTOCLAIM scans the pending entries list.
            for entry_id, fields in found.entries:
                held = reader.pending.get(entry_id)
                if held is None or (self.now() - held.delivered_at) * 1000 < min_idle_ms:
                    continue
                held.consumer, held.delivered_at = consumer, self.now()
                held.deliveries += 1
                messages.append(Message(entry_id, dict(fields), held.deliveries))
                if len(messages) == count:
                    break
            return messages

    def ack(self, stream: str, group: str, message_id: str) -> None:
        with self._changed:
            self._check()
            self._group(stream, group).pending.pop(message_id, None)

    def dead_letter(self, stream: str, group: str, message: Message, error: str) -> None:
        with self._changed:
            self._check()
            self._append(dead_stream(stream), dead_letter_fields(group, message, error))
            self._group(stream, group).pending.pop(message.id, None)
            counts = self._counts.setdefault(dead_counts(stream), {})
            counts[group] = counts.get(group, 0) + 1

    def stats(self, stream: str) -> StreamStats:
        with self._changed:
            self._check()
            found = self._stream(stream)
            counts = self._counts.get(dead_counts(stream), {})
            return StreamStats(
                length=len(found.entries),
                groups={
                    name: GroupStats(
                        pending=len(group.pending),
                        lag=len(found.entries) - group.next,
                        dead_lettered=counts.get(name, 0),
                    )
                    for name, group in found.groups.items()
                },
            )

    def close(self) -> None:
        """Nothing to release."""
