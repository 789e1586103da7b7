"""The relay process (`make relay`): publish the outbox to the stream `orders`, until SIGTERM.

The relay reads the events whose `published_at` is NULL, oldest first, XADDs
them and then marks them published. A crash between the XADD and the mark
publishes them again on the next start: at least once, never lost, and the
consumers deduplicate by event id. Run one per deployment: two would
interleave their batches, and a customer's orders would lose their order.
"""

import logging
import threading

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from . import store
from .broker import STREAM, Broker, BrokerUnavailableError, ensure_groups_until
from .process import Backoff, open_process

logger = logging.getLogger("relay")

# The most outbox rows published at once.
BATCH = 100


class Relay:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        broker: Broker,
        poll_seconds: float,
        stream: str = STREAM,
    ) -> None:
        self.sessions, self.broker, self.poll_seconds, self.stream = (
            sessions,
            broker,
            poll_seconds,
            stream,
        )

    def publish(self) -> int:
        """Publish one batch of unpublished events, oldest first, and mark them."""
        with self.sessions() as session:
            events = store.unpublished(session, BATCH)
            if not events:
                return 0
            self.broker.publish(self.stream, [store.stream_fields(event) for event in events])
            store.mark_published(session, [event.id for event in events])
            return len(events)

    def run(self, stopping: threading.Event) -> None:
        """Publish until `stopping`; a failure (database or Redis away) is retried with backoff."""
        logger.info("relay started")
        backoff = Backoff(self.poll_seconds, 5.0)
        while not stopping.is_set():
            # A batch in hand is published and marked even if the signal arrives meanwhile.
            try:
                published = self.publish()
            except (BrokerUnavailableError, SQLAlchemyError) as error:
                wait = backoff.next()
                logger.warning(
                    "relay could not publish; retrying",
                    extra={"error": str(error).splitlines()[0], "retry_in_seconds": wait},
                )
                stopping.wait(wait)
                continue
            backoff.reset()
            if published == BATCH:
                continue  # more may be waiting
            stopping.wait(self.poll_seconds)
        logger.info("relay stopped")


def main() -> None:
    process = open_process("relay")
    try:
        ensure_groups_until(process.broker, process.stopping)
        Relay(process.sessions, process.broker, process.settings.relay_poll_ms / 1000).run(
            process.stopping
        )
    finally:
        process.close()


if __name__ == "__main__":
    main()
