"""The start-up the relay and the consumer share: settings, logs, the database, Redis, signals."""

import logging
import signal
import sys
import threading
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from .broker import Broker
from .broker.redis_streams import RedisBroker
from .core.config import Settings
from .core.db import create_database_engine
from .core.environment import ConfigError, load
from .core.observability import configure_logging


@dataclass
class Process:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    broker: Broker
    # Set by SIGTERM or SIGINT: stop reading, finish what is in hand, exit.
    stopping: threading.Event

    def close(self) -> None:
        self.broker.close()
        self.engine.dispose()


def open_process(name: str) -> Process:
    """Read .env and the environment and prepare the database pool and the Redis client.

    Neither dials yet: a process starts while they are away. The API migrates the
    database; the relay and the consumer start after it (`make run` waits for it).
    """
    configure_logging()
    try:
        settings = load(Settings)
        engine = create_database_engine(settings.database_url, pool_size=2)
    except ConfigError as error:
        sys.exit(f"error: {error}")
    stopping = threading.Event()

    def stop(signum: int, _frame: object) -> None:
        logging.getLogger(name).info("stopping", extra={"signal": signal.Signals(signum).name})
        stopping.set()

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stop)
    return Process(
        settings=settings,
        engine=engine,
        sessions=sessionmaker(engine, expire_on_commit=False),
        broker=RedisBroker(settings.redis_url, settings.stream_max_length),
        stopping=stopping,
    )


class Backoff:
    """A wait that doubles from `minimum` to `maximum`, and starts over after a success."""

    def __init__(self, minimum: float, maximum: float) -> None:
        self.minimum, self.maximum, self.current = minimum, maximum, 0.0

    def next(self) -> float:
        self.current = min(max(2 * self.current, self.minimum), self.maximum)
        return self.current

    def reset(self) -> None:
        self.current = 0.0
