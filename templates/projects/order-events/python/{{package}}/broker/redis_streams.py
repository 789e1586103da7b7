"""The broker on Redis Streams: XADD, consumer groups, XAUTOCLAIM, and a MULTI per dead letter."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from redis import Redis
from redis.exceptions import RedisError, ResponseError

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

# A command waits at most this long; a blocking read adds its own block time.
TIMEOUT_SECONDS = 2.0


class RedisBroker:
    def __init__(self, url: str, max_length: int = 100_000) -> None:
        """Connects lazily: a process starts while Redis is away, and reconnects when it is back."""
        self.max_length = max_length
        self._client: Redis = Redis.from_url(
            url,
            decode_responses=True,
            socket_timeout=TIMEOUT_SECONDS,
            socket_connect_timeout=1.0,
        )

    def close(self) -> None:
        self._client.close()

    def delete_streams(self, stream: str) -> None:
        """Delete a stream with its dead letters and their counts (tests clean up their own)."""
        with _unavailable():
            self._client.delete(stream, dead_stream(stream), dead_counts(stream))

    def ping(self) -> None:
        with _unavailable():
            self._client.ping()

    def ensure_groups(self, stream: str, *groups: str) -> None:
        """Create the stream and its groups (`XGROUP CREATE … $ MKSTREAM`), BUSYGROUP ignored."""
        with _unavailable():
            for group in groups:
                try:
                    self._client.xgroup_create(stream, group, id="$", mkstream=True)
                except ResponseError as error:
                    if not str(error).startswith("BUSYGROUP"):
                        raise

    def publish(self, stream: str, entries: list[dict[str, str]]) -> int:
        """XADD each entry in order, in one round trip; raises if any failed."""
        with _unavailable(), self._client.pipeline(transaction=False) as pipe:
            for entry in entries:
                pipe.xadd(stream, entry, maxlen=self.max_length, approximate=True)  # type: ignore[arg-type]
            pipe.execute()
        return len(entries)

    def read(
        self, stream: str, group: str, consumer: str, count: int, block_ms: int
    ) -> list[Message]:
        """New messages for this consumer (`XREADGROUP … >`), waiting up to block_ms."""
        with _unavailable():
            reply: Any = self._client.xreadgroup(
                group, consumer, {stream: ">"}, count=count, block=block_ms
            )
        messages = []
        for _, entries in reply or []:
            for entry_id, fields in entries:
                messages.append(Message(entry_id, dict(fields or {}), 1))
        return messages

    def claim(
        self, stream: str, group: str, consumer: str, min_idle_ms: int, count: int
    ) -> list[Message]:
        """Messages idle for min_idle_ms in other consumers' hands, now this one's (XAUTOCLAIM)."""
        with _unavailable():
            reply: Any = self._client.xautoclaim(
                stream, group, consumer, min_idle_time=min_idle_ms, start_id="0-0", count=count
            )
            messages = []
            for entry_id, fields in reply[1]:
                if fields is None:
                    continue  # trimmed from the stream meanwhile
                pending: Any = self._client.xpending_range(stream, group, entry_id, entry_id, 1)
                deliveries = int(pending[0]["times_delivered"]) if pending else 1
                messages.append(Message(entry_id, dict(fields), deliveries))
        return messages

    def ack(self, stream: str, group: str, message_id: str) -> None:
        with _unavailable():
            self._client.xack(stream, group, message_id)

    def dead_letter(self, stream: str, group: str, message: Message, error: str) -> None:
        """Move a message to the dead-letter stream, acknowledge it and count it, atomically."""
        fields = dead_letter_fields(group, message, error)
        with _unavailable(), self._client.pipeline(transaction=True) as pipe:
            pipe.xadd(dead_stream(stream), fields, maxlen=self.max_length, approximate=True)  # type: ignore[arg-type]
            pipe.xack(stream, group, message.id)
            pipe.hincrby(dead_counts(stream), group, 1)
            pipe.execute()

    def stats(self, stream: str) -> StreamStats:
        with _unavailable():
            length: Any = self._client.xlen(stream)
            try:
                groups: Any = self._client.xinfo_groups(stream)
            except ResponseError as error:
                if "no such key" not in str(error):
                    raise
                groups = []
            dead: Any = self._client.hgetall(dead_counts(stream))
            result = StreamStats(length=int(length))
            for info in groups:
                lag = info.get("lag")
                if lag is None:
                    # Redis cannot tell the lag (entries were deleted): count what is past the last read.
                    after: Any = self._client.xrange(
                        stream, "(" + str(info["last-delivered-id"]), "+", count=100_000
                    )
                    lag = len(after)
                name = str(info["name"])
                result.groups[name] = GroupStats(
                    pending=int(info["pending"]),
                    lag=int(lag),
                    dead_lettered=int(dead.get(name, 0)),
                )
        return result


@contextmanager
def _unavailable() -> Iterator[None]:
    """Redis away (refused, timed out, still loading) as BrokerUnavailableError; replies pass."""
    try:
        yield
    except ResponseError as error:
        if str(error).startswith("NOGROUP"):
            raise GroupMissingError(str(error)) from None
        if not str(error).startswith("LOADING"):
            raise
        raise BrokerUnavailableError(f"redis: {error}") from None
    except RedisError as error:
        raise BrokerUnavailableError(f"redis: {type(error).__name__}: {error}") from None
    except OSError as error:
        raise BrokerUnavailableError(f"redis: {error}") from None
