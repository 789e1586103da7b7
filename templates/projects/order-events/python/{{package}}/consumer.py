"""The consumer process (`make consumer`): run the groups `inventory` and `notifications`, until SIGTERM.

Each group reads the stream in order, one message at a time: the relay
publishes in outbox order, so a customer's orders take effect in the order
they were placed. A message is acknowledged only after its effect (and the
group's processed-event record) has committed. Between reads the consumer
claims what other consumers left idle for CLAIM_IDLE_MS (`XAUTOCLAIM`); a
message that fails on its MAX_DELIVERIES-th delivery goes to `orders.dead`.
A database outage is not the message's fault: the message in hand is retried
and spends no delivery.
"""

import logging
import os
import socket
import threading
import time
from collections.abc import Callable

from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import Session, sessionmaker

from . import store
from .broker import (
    GROUPS,
    STREAM,
    Broker,
    BrokerUnavailableError,
    GroupMissingError,
    Message,
    ensure_groups_until,
)
from .models import EventType
from .process import Backoff, open_process

logger = logging.getLogger("consumer")

# How long one XREADGROUP waits: short enough to notice the signal and to claim on time.
READ_BLOCK_MS = 500
READ_COUNT = 10

Handler = Callable[[Session, Message], None]


def transient(error: Exception) -> bool:
    """Errors that say nothing about the message: the database is away or busy."""
    return isinstance(error, OperationalError | PoolTimeoutError)


def handle_inventory(session: Session, message: Message) -> None:
    """order.placed reserves the stock; every other type is none of this group's business."""
    if message.fields.get("type") != EventType.ORDER_PLACED:
        return
    event = store.parse_event(message.fields)
    if not store.reserve(session, event):
        logger.info("duplicate event skipped", extra={"group": "inventory", "event_id": event.id})


def handle_notifications(session: Session, message: Message) -> None:
    """order.confirmed and order.rejected each record one email; other types are acknowledged."""
    if message.fields.get("type") not in (EventType.ORDER_CONFIRMED, EventType.ORDER_REJECTED):
        return
    event = store.parse_event(message.fields)
    if not store.notify(session, event):
        logger.info(
            "duplicate event skipped", extra={"group": "notifications", "event_id": event.id}
        )


HANDLERS: dict[str, Handler] = {
    "inventory": handle_inventory,
    "notifications": handle_notifications,
}


class Consumer:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        broker: Broker,
        group: str,
        name: str,
        handler: Handler,
        *,
        claim_idle_ms: int,
        max_deliveries: int,
        stream: str = STREAM,
        is_transient: Callable[[Exception], bool] = transient,
    ) -> None:
        self.sessions, self.broker, self.group, self.name = sessions, broker, group, name
        self.handler, self.stream, self.is_transient = handler, stream, is_transient
        self.claim_idle_ms, self.max_deliveries = claim_idle_ms, max_deliveries

    def run(self, stopping: threading.Event) -> None:
        """Consume until `stopping`: then stop reading, finish the message in hand, and return."""
        context = {"group": self.group, "consumer": self.name}
        logger.info("consumer started", extra=context)
        retry = Backoff(0.1, 5.0)
        claim_every = max(self.claim_idle_ms / 2000, 0.05)
        last_claim = 0.0
        while not stopping.is_set():
            try:
                messages: list[Message] = []
                if time.monotonic() - last_claim >= claim_every:
                    last_claim = time.monotonic()
                    messages = self.broker.claim(
                        self.stream, self.group, self.name, self.claim_idle_ms, READ_COUNT
                    )
                    if messages:
                        logger.info(
                            "claimed idle messages", extra={**context, "count": len(messages)}
                        )
                if not messages:
                    messages = self.broker.read(
                        self.stream, self.group, self.name, READ_COUNT, READ_BLOCK_MS
                    )
            except (BrokerUnavailableError, GroupMissingError) as error:
                if isinstance(error, GroupMissingError):
                    # Redis lost the group (restarted without persistence): make it again.
                    ensure_groups_until(self.broker, stopping)
                wait = retry.next()
                logger.warning(
                    "consumer could not read; retrying",
                    extra={**context, "error": str(error), "retry_in_seconds": wait},
                )
                stopping.wait(wait)
                continue
            retry.reset()
            for message in messages:
                if stopping.is_set():
                    # Read but not handled: they stay pending, and another consumer claims them.
                    break
                self.process(message, stopping)
        logger.info("consumer stopped", extra=context)

    def attempt(self, message: Message) -> None:
        with self.sessions() as session:
            self.handler(session, message)

    def process(self, message: Message, stopping: threading.Event) -> None:
        """Handle one message and acknowledge it after the commit; else leave it or dead-letter it."""
        context = {"group": self.group, "entry_id": message.id, "deliveries": message.deliveries}
        if message.deliveries > self.max_deliveries:
            # Delivered its last time to a consumer that died holding it.
            self.dead_letter(
                message, f"delivered {message.deliveries - 1} times without being acknowledged"
            )
            return
        retry = Backoff(0.1, 5.0)
        while True:
            try:
                self.attempt(message)
                break
            except Exception as error:  # any failure leaves the message pending, or dead-letters it
                if self.is_transient(error):
                    if stopping.is_set():
                        logger.warning(
                            "stopping with the message unhandled; another consumer will claim it",
                            extra=context,
                        )
                        return
                    wait = retry.next()
                    logger.warning(
                        "could not handle the message for now; retrying it",
                        extra={**context, "error": _one_line(error), "retry_in_seconds": wait},
                    )
                    time.sleep(wait)
                    continue
                reason = f"{type(error).__name__}: {_one_line(error)}"
                if message.deliveries >= self.max_deliveries:
                    self.dead_letter(message, reason)
                else:
                    logger.warning(
                        "could not handle the message; it stays pending",
                        extra={**context, "error": reason},
                    )
                return
        try:
            self.broker.ack(self.stream, self.group, message.id)
        except BrokerUnavailableError as error:
            # The effect is committed; the redelivery will find its processed record.
            logger.warning(
                "could not acknowledge; it will be delivered again",
                extra={**context, "error": str(error)},
            )

    def dead_letter(self, message: Message, reason: str) -> None:
        try:
            self.broker.dead_letter(self.stream, self.group, message, reason)
        except BrokerUnavailableError as error:
            logger.warning(
                "could not dead-letter the message; it stays pending",
                extra={"group": self.group, "entry_id": message.id, "error": str(error)},
            )
            return
        logger.error(
            "dead-lettered",
            extra={"group": self.group, "entry_id": message.id, "reason": reason},
        )


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def main() -> None:
    process = open_process("consumer")
    name = process.settings.consumer_name or f"{socket.gethostname()}-{os.getpid()}"
    try:
        ensure_groups_until(process.broker, process.stopping)
        threads = [
            threading.Thread(
                target=Consumer(
                    process.sessions,
                    process.broker,
                    group,
                    name,
                    HANDLERS[group],
                    claim_idle_ms=process.settings.claim_idle_ms,
                    max_deliveries=process.settings.max_deliveries,
                ).run,
                args=(process.stopping,),
                name=f"consumer-{group}",
            )
            for group in GROUPS
        ]
        for thread in threads:
            thread.start()
        # The main thread waits for the signal; the groups finish what they hold, then end.
        while any(thread.is_alive() for thread in threads):
            for thread in threads:
                thread.join(timeout=0.5)
    finally:
        process.close()


if __name__ == "__main__":
    main()
