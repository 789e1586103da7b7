"""Where cached answers live: bytes under a key, each with a lifetime.

The weather service decides what goes in and how long it stays fresh; a store
only keeps a value and forgets it when its time is up. A store that cannot be
asked (Redis down) raises `CacheUnavailableError`, and the service carries on
without the cache rather than fail the request.
"""

from typing import Protocol


class CacheUnavailableError(Exception):
    """The store did not answer; the message says why, never a value."""


class Store(Protocol):
    async def get(self, key: str) -> bytes | None:
        """The value under `key`, or None once it has expired or was never set."""
        ...

    async def set(self, key: str, value: bytes, ttl_seconds: float) -> None:
        """Keep `value` under `key` for `ttl_seconds`, replacing what was there."""
        ...

    async def ping(self) -> None:
        """Return if the store answers, for /readyz; raise CacheUnavailableError otherwise."""
        ...

    async def close(self) -> None:
        """Let go of what the store holds open."""
        ...
