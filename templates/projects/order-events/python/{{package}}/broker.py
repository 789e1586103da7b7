"""Redis Streams: the stream `orders`, its consumer groups, claims and dead letters.

An entry is an event's fields (`id`, `type`, `orderId`, `occurredAt`, `data`).
A message a group cannot handle goes, after its last delivery, to `orders.dead`
with its fields plus `group`, `error`, `deliveries` and `sourceId`; the hash
`orders.dead:counts` counts dead letters per group, in the same MULTI as the
XADD and the XACK, so /pipeline/stats reports them however long the dead stream is.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from redis import Redis
from redis.exceptions import RedisError, ResponseError

STREAM = "orders"
GROUPS = ("inventory", "notifications")

# A command waits at most this long; a blocking read adds its own block time.
TIMEOUT_SECONDS = 2.0


class BrokerUnavailableError(Exception):
    """Redis does not answer (or answers that it cannot serve yet)."""


def dead_stream(stream: str) -> str:
    return f"{stream}.dead"


def dead_counts(stream: str) -> str:
    return f"{dead_stream(stream)}:counts"


@dataclass(frozen=True)
class Message:
    id: str
    fields: dict[str, str]
    # How many times this message has been delivered, this delivery included.
    deliveries: int


@dataclass(frozen=True)
class GroupStats:
    pending: int
    lag: int
    dead_lettered: int


@dataclass(frozen=True)
class StreamStats:
    length: int
    groups: dict[str, GroupStats] = field(default_factory=dict)


class Broker:
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
            reply = self._client.xreadgroup(group, consumer, {stream: ">"}, count=count, block=block_ms)
        messages = []
        for _, entries in reply or []:  # type: ignore[union-attr]
            for entry_id, fields in entries:
                messages.append(Message(entry_id, dict(fields or {}), 1))
        return messages

    def claim(
        self, stream: str, group: str, consumer: str, min_idle_ms: int, count: int
    ) -> list[Message]:
        """Messages idle for min_idle_ms in other consumers' hands, now this one's (XAUTOCLAIM)."""
        with _unavailable():
            reply = self._client.xautoclaim(
                stream, group, consumer, min_idle_time=min_idle_ms, start_id="0-0", count=count
            )
            messages = []
            for entry_id, fields in reply[1]:  # type: ignore[index]
                if fields is None:
                    continue  # trimmed from the stream meanwhile
                pending = self._client.xpending_range(stream, group, entry_id, entry_id, 1)
                deliveries = int(pending[0]["times_delivered"]) if pending else 1  # type: ignore[index]
                messages.append(Message(entry_id, dict(fields), deliveries))
        return messages

    def ack(self, stream: str, group: str, message_id: str) -> None:
        with _unavailable():
            self._client.xack(stream, group, message_id)

    def dead_letter(self, stream: str, group: str, message: Message, error: str) -> None:
        """Move a message to the dead-letter stream, acknowledge it and count it, atomically."""
        fields = {
            **message.fields,
            "group": group,
            "error": " ".join(error.split()) or "failed",
            "deliveries": str(message.deliveries),
            "sourceId": message.id,
        }
        with _unavailable(), self._client.pipeline(transaction=True) as pipe:
            pipe.xadd(dead_stream(stream), fields, maxlen=self.max_length, approximate=True)  # type: ignore[arg-type]
            pipe.xack(stream, group, message.id)
            pipe.hincrby(dead_counts(stream), group, 1)
            pipe.execute()

    def stats(self, stream: str) -> StreamStats:
        with _unavailable():
            length = int(self._client.xlen(stream))  # type: ignore[arg-type]
            try:
                groups = self._client.xinfo_groups(stream)
            except ResponseError as error:
                if "no such key" not in str(error):
                    raise
                groups = []
            dead = self._client.hgetall(dead_counts(stream))
            result = StreamStats(length=length)
            for info in groups:  # type: ignore[union-attr]
                lag = info.get("lag")
                if lag is None:
                    # Redis cannot tell the lag (entries were deleted): count what is past the last read.
                    after = self._client.xrange(
                        stream, "(" + str(info["last-delivered-id"]), "+", count=100_000
                    )
                    lag = len(after)  # type: ignore[arg-type]
                name = str(info["name"])
                result.groups[name] = GroupStats(
                    pending=int(info["pending"]),
                    lag=int(lag),
                    dead_lettered=int(dead.get(name, 0)),  # type: ignore[union-attr]
                )
        return result


@contextmanager
def _unavailable() -> Iterator[None]:
    """Redis away (refused, timed out, still loading) as BrokerUnavailableError; replies pass."""
    try:
        yield
    except RedisError as error:
        if isinstance(error, ResponseError) and not str(error).startswith("LOADING"):
            raise
        raise BrokerUnavailableError(f"redis: {type(error).__name__}: {error}") from None
    except OSError as error:
        raise BrokerUnavailableError(f"redis: {error}") from None
