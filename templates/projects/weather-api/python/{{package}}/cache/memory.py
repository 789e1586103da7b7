"""A bounded store in this process's memory, least recently used out first.

At most `max_entries` entries, whatever keys clients invent: when a new one
would not fit, the entry read or written longest ago goes. Each replica has
its own, and a restart empties it.
"""

from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple


class _Entry(NamedTuple):
    value: bytes
    expires: float


class MemoryStore:
    def __init__(self, max_entries: int, now: Callable[[], datetime]) -> None:
        self.max_entries = max_entries
        self._now = now
        # Oldest use first: the next to go is at the front. No awaits inside the
        # methods, so each runs whole on the event loop and needs no lock.
        self._entries: OrderedDict[str, _Entry] = OrderedDict()

    async def get(self, key: str) -> bytes | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if self._now().timestamp() >= entry.expires:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return entry.value

    async def set(self, key: str, value: bytes, ttl_seconds: float) -> None:
        self._entries[key] = _Entry(value, self._now().timestamp() + ttl_seconds)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        """The entries held, expired ones not yet dropped included."""
        return len(self._entries)

    async def ping(self) -> None:
        """Always answers: the store is this process's memory."""

    async def close(self) -> None:
        """Nothing to let go of."""
