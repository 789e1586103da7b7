"""Idempotency keys: a retried request with the same key never takes effect twice.

A key is the caller's own and belongs to one endpoint (its scope), for 24
hours. The key's row is written FIRST, in the transaction that does the
work, and the work's result is written into it before the commit. A twin
request (the same key at the same moment) therefore cannot do the work as
well: on SQLite the transaction begins IMMEDIATE, so the twin waits for the
write lock and then finds the key; on PostgreSQL the twin's insert waits on
the key's unique index until the first commits, inserts nothing, and the twin
reads the winner's row in a new transaction. If the first rolls back (out of
stock, say), its claim goes with it and the twin does the work itself.

The row remembers a fingerprint of the body: the same key with another body
is a client bug, answered 422 rather than replayed. The fingerprint is an
HMAC keyed with a server secret, so a payment's cannot be brute-forced back
to the card number it was computed from.
"""

import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from fastapi import HTTPException, status
from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from .core.timestamps import utc_now
from .models import IdempotencyKey
from .statements import insert_for

WINDOW = timedelta(hours=24)
MAX_KEY_LENGTH = 255


def canonical_json(body: Any) -> bytes:
    """Keys sorted, no whitespace: the same JSON however the client spaced or ordered it."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def fingerprint(secret: str, body: Any) -> str:
    return hmac.new(secret.encode(), canonical_json(body), hashlib.sha256).hexdigest()


def begin_writing(session: Session) -> None:
    """Start the transaction; on SQLite take the write lock now, not at the first write."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("BEGIN IMMEDIATE"))


def _claim(session: Session, user_id: int, scope: str, key: str, print_: str) -> bool:
    """Insert the key's row; False when a concurrent request's row holds it."""
    statement = (
        insert_for(session)(IdempotencyKey)
        .values(
            user_id=user_id,
            scope=scope,
            key=key,
            fingerprint=print_,
            resource_id=None,
            created_at=utc_now(),
        )
        .on_conflict_do_nothing()
        .returning(IdempotencyKey.key)
    )
    return session.execute(statement).first() is not None


def _stored(session: Session, user_id: int, scope: str, key: str) -> IdempotencyKey | None:
    return session.scalar(
        select(IdempotencyKey)
        .where(
            IdempotencyKey.user_id == user_id,
            IdempotencyKey.scope == scope,
            IdempotencyKey.key == key,
        )
        .execution_options(populate_existing=True)
    )


def _replay(record: IdempotencyKey, print_: str) -> int:
    if record.fingerprint != print_:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "this Idempotency-Key was already used with a different body",
        )
    if record.resource_id is None:
        raise HTTPException(
            status.HTTP_409_CONFLICT, "a request with this Idempotency-Key is still in progress"
        )
    return record.resource_id


def run_once(
    session: Session,
    *,
    user_id: int,
    scope: str,
    key: str,
    print_: str,
    work: Callable[[], int],
) -> tuple[int, bool]:
    """Do `work` (which returns the id of what it made) once per key and body.

    Returns the id and whether this call made it (201) or found it (200). The
    work runs in the key's transaction and this commits it; an exception from
    the work rolls everything back, the claim included.
    """
    for _ in range(2):
        begin_writing(session)
        # An expired key counts as new: the caller's are cleared before the look-up.
        session.execute(
            delete(IdempotencyKey).where(
                IdempotencyKey.user_id == user_id,
                IdempotencyKey.created_at < utc_now() - WINDOW,
            )
        )
        record = _stored(session, user_id, scope, key)
        if record is not None:
            resource_id = _replay(record, print_)
            session.commit()
            return resource_id, False
        if not _claim(session, user_id, scope, key, print_):
            # A twin committed the key while this one waited: read its row afresh.
            session.rollback()
            continue
        try:
            resource_id = work()
            session.execute(
                update(IdempotencyKey)
                .where(
                    IdempotencyKey.user_id == user_id,
                    IdempotencyKey.scope == scope,
                    IdempotencyKey.key == key,
                )
                .values(resource_id=resource_id)
            )
            session.commit()
        except BaseException:
            session.rollback()
            raise
        return resource_id, True
    raise HTTPException(
        status.HTTP_409_CONFLICT, "a request with this Idempotency-Key is still in progress"
    )
