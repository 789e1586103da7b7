"""Job ids: UUIDs whose order is the order in which jobs were created.

A UUIDv7 (RFC 9562) starts with the Unix time in milliseconds, so sorting by
id sorts by creation time, and new rows land at the end of the primary-key
index instead of at random places in it. Within one millisecond a counter
keeps the ids of a process increasing, so "then creation" in the lease order
holds even for jobs enqueued in a burst. (Python 3.14 ships `uuid.uuid7`;
this keeps 3.11 to 3.13 working.)
"""

import secrets
import threading
from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import Path

COUNTER_BITS = 12


class JobIds:
    """A source of UUIDv7s, each greater than the one before."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._millisecond = 0
        self._counter = 0

    def __call__(self, created_at: datetime) -> UUID:
        millisecond = int(created_at.timestamp() * 1000)
        with self._lock:
            if millisecond > self._millisecond:
                # A random start keeps ids hard to guess and leaves room to count up.
                counter = secrets.randbits(COUNTER_BITS - 1)
            else:
                # Same millisecond, or the clock went back: count on from the last id.
                millisecond = self._millisecond
                counter = self._counter + 1
                if counter >> COUNTER_BITS:
                    millisecond, counter = millisecond + 1, 0
            self._millisecond, self._counter = millisecond, counter
        version, variant = 0x7, 0b10
        return UUID(
            int=millisecond << 80
            | version << 76
            | counter << 64
            | variant << 62
            | secrets.randbits(62)
        )


new_job_id = JobIds()

# A job's id in a path: routes spell it `{id}`, as the contract does.
JobId = Annotated[UUID, Path(alias="id")]
