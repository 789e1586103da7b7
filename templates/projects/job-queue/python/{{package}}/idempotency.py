"""Idempotency keys on enqueue, as Stripe popularised them.

A producer whose request timed out cannot know whether its job was created.
If it sent an `Idempotency-Key`, it can simply send the same request again:
within 24 hours the same key and body return the original job (200), while
the same key with a different body is a client bug (422). Keys are scoped to
their queue, and a key older than the window starts afresh.
"""

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import Header, HTTPException, status
from sqlalchemy.orm import Session

from .models import IdempotencyKey, Job

WINDOW = timedelta(hours=24)

IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        description="Makes retrying this request safe: a unique value per job, e.g. a UUID",
        min_length=1,
        max_length=255,
        pattern=r"^[!-~]+$",
    ),
]


def original_job(
    session: Session, queue: str, key: str, fingerprint: str, now: datetime
) -> Job | None:
    """The job this key already created within the window, or None if the key is free.

    The key's row stays locked until the transaction ends, so a concurrent
    request with the same key waits for this one and then sees its job.
    """
    record = session.get(IdempotencyKey, (queue, key), with_for_update=True)
    if record is not None and record.created_at <= now - WINDOW:
        # Expired, so free again. Deleting it here leaves `remember` nothing but an
        # insert, which fails if a concurrent request took the key in the meantime.
        session.delete(record)
        session.flush()
        return None
    if record is None:
        return None
    if record.fingerprint != fingerprint:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "this Idempotency-Key was already used with a different body",
        )
    return record.job


def remember(
    session: Session, queue: str, key: str, fingerprint: str, job: Job, now: datetime
) -> None:
    session.add(
        IdempotencyKey(queue=queue, key=key, fingerprint=fingerprint, job=job, created_at=now)
    )
