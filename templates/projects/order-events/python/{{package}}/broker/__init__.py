"""The little the pipeline needs from a log-structured message broker.

Append to a stream, read it through consumer groups, acknowledge, claim what a
dead consumer held, and dead-letter what no consumer can handle. Redis Streams
implement it (`redis_streams.py`) for the processes; `memory.py` implements the
same delivery rules for the tests of the domain, which then need no Redis.

An entry is an event's fields (`id`, `type`, `orderId`, `occurredAt`, `data`).
A message a group cannot handle goes, after its last delivery, to `orders.dead`
with its fields plus `group`, `error`, `deliveries` and `sourceId`; the hash
`orders.dead:counts` counts dead letters per group, written with the dead letter,
so /pipeline/stats reports them however long the dead stream is.
"""

import logging
import threading
from dataclasses import dataclass, field
from typing import Protocol

STREAM = "orders"
GROUPS = ("inventory", "notifications")

logger = logging.getLogger(__name__)


class BrokerUnavailableError(Exception):
    """The broker does not answer (or answers that it cannot serve yet)."""


class GroupMissingError(Exception):
    """The group is gone, as when Redis restarts without persistence: make it again."""


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


class Broker(Protocol):
    def ping(self) -> None: ...

    def ensure_groups(self, stream: str, *groups: str) -> None:
        """Create the stream and each group reading from its end; existing groups stay."""

    def publish(self, stream: str, entries: list[dict[str, str]]) -> int:
        """Append the entries in order; raises if any failed."""

    def read(
        self, stream: str, group: str, consumer: str, count: int, block_ms: int
    ) -> list[Message]:
        """Up to `count` entries the group has not had yet, waiting up to block_ms for the first."""

    def claim(
        self, stream: str, group: str, consumer: str, min_idle_ms: int, count: int
    ) -> list[Message]:
        """Entries delivered and left unacknowledged for min_idle_ms, now this consumer's."""

    def ack(self, stream: str, group: str, message_id: str) -> None: ...

    def dead_letter(self, stream: str, group: str, message: Message, error: str) -> None:
        """Move a message to the dead-letter stream, acknowledge it and count it, at once."""

    def stats(self, stream: str) -> StreamStats: ...

    def close(self) -> None: ...


def dead_letter_fields(group: str, message: Message, error: str) -> dict[str, str]:
    """A dead letter's fields: the entry's own, then why it died (ours to set, never the entry's)."""
    return {
        **message.fields,
        "group": group,
        "error": " ".join(error.split())[:500] or "failed",
        "deliveries": str(message.deliveries),
        "sourceId": message.id,
    }


def ensure_groups_until(broker: Broker, stop: threading.Event) -> None:
    """Create the stream and its groups, retrying while the broker is away, until it works or `stop`.

    A group created after an event was published would never see that event, so
    every process makes them before its first XADD or XREADGROUP.
    """
    wait = 0.1
    while not stop.is_set():
        try:
            broker.ensure_groups(STREAM, *GROUPS)
            return
        except BrokerUnavailableError as error:
            logger.warning(
                "could not create the consumer groups; retrying",
                extra={"error": str(error), "retry_in_seconds": wait},
            )
        stop.wait(wait)
        wait = min(2 * wait, 5.0)
