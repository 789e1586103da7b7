"""The tables (jobs, idempotency keys) and the state machine of a job.

Every change of state is a method of `Job`, so the rules live in one place
and can be tested without a database or HTTP. A method that is not allowed
in the job's current state raises `JobStateError`, which the API answers with
409 and which changes nothing.
"""

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ColumnElement,
    ForeignKey,
    Index,
    String,
    Text,
    Uuid,
    and_,
    column,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .core.db import Base, UTCDateTime
from .core.timestamps import ONE_MILLISECOND

LEASE_EXPIRED = "lease expired"


class State(StrEnum):
    SCHEDULED = "scheduled"
    AVAILABLE = "available"
    RUNNING = "running"
    COMPLETED = "completed"
    DEAD = "dead"
    CANCELLED = "cancelled"


class JobStateError(Exception):
    """The job's state does not allow what was asked."""


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (
        # `scheduled` is never stored: it is an available job whose runAt is still
        # ahead (see `state_at`), so no timer has to flip it when the time comes.
        CheckConstraint(
            "state IN ('available', 'running', 'completed', 'dead', 'cancelled')",
            name="state",
        ),
        # The lease query reads this partial index in order and stops after `max` rows,
        # however many finished jobs pile up in the table.
        Index(
            "ix_jobs_ready",
            "queue",
            column("priority").desc(),
            "run_at",
            "id",
            postgresql_where="state = 'available'",
            sqlite_where="state = 'available'",
        ),
        Index(
            "ix_jobs_leased",
            "queue",
            "lease_expires_at",
            postgresql_where="state = 'running'",
            sqlite_where="state = 'running'",
        ),
        Index("ix_jobs_queue_id", "queue", "id"),
    )

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    queue: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(16))
    priority: Mapped[int]
    attempts: Mapped[int]
    max_attempts: Mapped[int]
    run_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    result: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    lease_token: Mapped[str | None] = mapped_column(String(36))
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Not in the API's job: tells an operator reading the table who holds (or held) it.
    leased_by: Mapped[str | None] = mapped_column(String(200))

    def state_at(self, now: datetime) -> State:
        if self.state == State.AVAILABLE and self.run_at > now:
            return State.SCHEDULED
        return State(self.state)

    def holds_lease(self, token: str, now: datetime) -> bool:
        """Whether `token` is the job's current, unexpired lease.

        A lease past its expiry is stale even before the next lease request
        reclaims it: its worker stalled, and the job may go to another.
        """
        return (
            self.state == State.RUNNING
            and self.lease_token == token
            and self.lease_expires_at is not None
            and self.lease_expires_at > now
        )

    def claim(self, worker_id: str, lease: timedelta, now: datetime) -> None:
        if self.state_at(now) != State.AVAILABLE:
            raise JobStateError(f"job {self.id} is not ready to run")
        self.state = State.RUNNING
        self.attempts += 1
        self.lease_token = str(uuid4())
        self.lease_expires_at = now + lease
        self.leased_by = worker_id
        self._touch(now)

    def extend(self, token: str, lease: timedelta, now: datetime) -> None:
        self._check_lease(token, now)
        self.lease_expires_at = now + lease
        self._touch(now)

    def complete(self, token: str, result: Any, now: datetime) -> None:
        self._check_lease(token, now)
        self.state = State.COMPLETED
        self.result = result
        self._end_lease(now)

    def fail(self, token: str, error: str, retry_at: datetime, now: datetime) -> None:
        """Record a failed attempt: run again at `retry_at`, or go dead if none are left."""
        self._check_lease(token, now)
        self._give_up_or_retry(error, retry_at, now)

    def expire(self, now: datetime) -> None:
        """Take back a lease that ran out: the worker is presumed dead."""
        # Its place in line is kept: the job is ready again at its original runAt.
        self._give_up_or_retry(LEASE_EXPIRED, self.run_at, now)

    def retry(self, now: datetime) -> None:
        if self.state != State.DEAD:
            raise JobStateError(f"job {self.id} is {self.state_at(now)}, not dead")
        # lastError stays, so whoever retries can still see why it died.
        self.state = State.AVAILABLE
        self.attempts = 0
        self.run_at = now
        self._touch(now)

    def cancel(self, now: datetime) -> None:
        if self.state != State.AVAILABLE:
            raise JobStateError(
                f"job {self.id} is {self.state_at(now)}: only a waiting job can be cancelled"
            )
        self.state = State.CANCELLED
        self._touch(now)

    def _check_lease(self, token: str, now: datetime) -> None:
        if not self.holds_lease(token, now):
            raise JobStateError(f"the lease token is not the current lease of job {self.id}")

    def _give_up_or_retry(self, error: str, retry_at: datetime, now: datetime) -> None:
        self.last_error = error
        if self.attempts >= self.max_attempts:
            self.state = State.DEAD
        else:
            # Back in line, but not ready before retry_at: the API shows it as
            # `scheduled` until then and `available` after (see `state_at`).
            self.state = State.AVAILABLE
            self.run_at = retry_at
        self._end_lease(now)

    def _end_lease(self, now: datetime) -> None:
        self.lease_token = None
        self.lease_expires_at = None
        self._touch(now)

    def _touch(self, now: datetime) -> None:
        # Strictly later than before, even within the same millisecond.
        self.updated_at = max(now, self.updated_at + ONE_MILLISECOND)


def in_state(state: State, now: datetime) -> ColumnElement[bool]:
    """The SQL condition for the jobs that `Job.state_at(now)` shows in `state`."""
    if state == State.SCHEDULED:
        return and_(Job.state == State.AVAILABLE, Job.run_at > now)
    if state == State.AVAILABLE:
        return and_(Job.state == State.AVAILABLE, Job.run_at <= now)
    return Job.state == state


class IdempotencyKey(Base):
    """An enqueue's Idempotency-Key, scoped to its queue, with a fingerprint of its body."""

    __tablename__ = "idempotency_keys"

    queue: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    job_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey("jobs.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Also tells the session to insert the job before the key that names it.
    job: Mapped[Job] = relationship()
