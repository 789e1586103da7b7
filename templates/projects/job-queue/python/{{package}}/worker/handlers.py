"""The code that does the work, one handler per job type.

A handler takes the job's payload and returns its result (anything JSON can
hold), or raises to fail the attempt. Delivery is at least once: a job whose
worker died mid-way runs again, so a handler must be safe to repeat (an
upsert rather than an insert; an idempotency key passed on to a payment or
email provider). Register your own handlers with `@registry.register("type")`;
the three below are examples that show the worker's behaviour.
"""

import logging
import time
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any]], Any]


class HandlerRegistry:
    """Handlers by job type."""

    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}

    def register(self, job_type: str) -> Callable[[Handler], Handler]:
        def add(handler: Handler) -> Handler:
            if job_type in self._handlers:
                raise ValueError(f"a handler for job type {job_type!r} is already registered")
            self._handlers[job_type] = handler
            return handler

        return add

    def get(self, job_type: str) -> Handler | None:
        return self._handlers.get(job_type)

    def types(self) -> list[str]:
        return sorted(self._handlers)


registry = HandlerRegistry()


@registry.register("echo")
def echo(payload: dict[str, Any]) -> dict[str, Any]:
    """Returns its payload: the smallest job that completes."""
    return payload


@registry.register("sleep")
def sleep(payload: dict[str, Any]) -> dict[str, float]:
    """Works for `seconds` (default 1): a long job, kept alive by heartbeats."""
    seconds = payload.get("seconds", 1)
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, int | float)
        or not 0 <= seconds <= 3600
    ):
        raise ValueError("seconds must be a number from 0 to 3600")
    logger.info("sleeping for %s seconds", seconds)
    time.sleep(seconds)
    return {"slept": seconds}


@registry.register("fail")
def fail(payload: dict[str, Any]) -> None:
    """Always fails: watch it back off, retry and finally go dead."""
    raise RuntimeError(str(payload.get("message", "this job always fails")))
