"""A store shared by every replica: each value a Redis string whose expiry
Redis itself enforces (`SET … PX`), so nothing here sweeps old keys.

The cache only saves a provider call, so an unreachable Redis must cost a
request little more than half a second before the provider answers instead:
every command and connection attempt times out after `REDIS_TIMEOUT_SECONDS`,
with no retries.
"""

import asyncio

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from . import CacheUnavailableError

REDIS_TIMEOUT_SECONDS = 0.5


class RedisStore:
    def __init__(self, url: str, prefix: str) -> None:
        """Connects lazily to the Redis at `url`: nothing is dialled until the first command."""
        self.prefix = prefix
        self._client = Redis.from_url(
            url,
            socket_timeout=REDIS_TIMEOUT_SECONDS,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            # A failed lookup is a cache miss, not worth a second wait.
            retry=Retry(NoBackoff(), 0),
            retry_on_timeout=False,
        )

    async def get(self, key: str) -> bytes | None:
        value = await self._command(self._client.get(self.prefix + key))
        return value if isinstance(value, bytes) else None

    async def set(self, key: str, value: bytes, ttl_seconds: float) -> None:
        await self._command(
            self._client.set(self.prefix + key, value, px=max(1, round(ttl_seconds * 1000)))
        )

    async def ping(self) -> None:
        await self._command(self._client.ping())

    async def close(self) -> None:
        await self._client.aclose()

    async def _command(self, command: object) -> object:
        try:
            # Belt and braces: the socket timeouts bound each read, this the whole command.
            async with asyncio.timeout(REDIS_TIMEOUT_SECONDS * 2):
                return await command  # type: ignore[misc]
        except (RedisError, OSError, TimeoutError) as error:
            raise CacheUnavailableError(f"redis: {type(error).__name__}: {error}") from None
