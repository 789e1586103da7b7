"""Transactions that read a job, decide, and write it back, safely under concurrency.

Two requests must never both act on what they read: two leases must not
take the same job, an ack must not complete a job whose lease was just
reclaimed. PostgreSQL locks the rows a transaction reads for update
(`FOR UPDATE`, with `SKIP LOCKED` where a lease should move on to other
jobs instead of waiting). SQLite has no row locks but runs one write
transaction at a time; `BEGIN IMMEDIATE` takes that lock when the
transaction starts rather than at its first write, so nothing can change
between its reads and its writes (and it never fails half-way for losing a
race to upgrade a read lock).
"""

from collections.abc import Callable
from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import Depends, HTTPException, status
from sqlalchemy import text
from sqlalchemy.orm import Session

from .api.deps import SessionDep
from .clock import database_now
from .models import Job, JobStateError
from .schemas import JobOut


def write_session(session: SessionDep) -> Session:
    """A session whose transaction may read jobs and then change them."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("BEGIN IMMEDIATE"))
    return session


WriteSessionDep = Annotated[Session, Depends(write_session)]


def locked_job(session: Session, job_id: UUID) -> Job:
    """The job, locked until the transaction ends; 404 if there is none."""
    job = session.get(Job, job_id, with_for_update=True)
    if job is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"job {job_id} does not exist")
    return job


def change_job(session: Session, job_id: UUID, change: Callable[[Job, datetime], None]) -> JobOut:
    """Apply one state change to a job: 404 if it does not exist, 409 if its state forbids it."""
    job = locked_job(session, job_id)
    # The clock is read once the lock is held, so no other change can come after it.
    now = database_now(session)
    try:
        change(job, now)
    except JobStateError as conflict:
        raise HTTPException(status.HTTP_409_CONFLICT, str(conflict)) from None
    session.commit()
    return JobOut.of(job, now)
