"""Refresh tokens: opaque, stored only as hashes, rotated on every use.

A token is 32 random bytes. It only ever comes back to this service, so it
needs no signature, and with 256 bits of entropy a fast hash is enough: the
database keeps the SHA-256, and a leaked table yields no usable token.

Spending a token is one conditional UPDATE … RETURNING: of two requests
racing with the same token, exactly one gets the row. A token presented
after it was spent means that two parties hold copies, and the server cannot
tell which is the rightful one, so the whole family is revoked.

These functions write but never commit: the route commits once it has
everything it needs, so a request either happens completely or not at all.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .core.timestamps import utc_now
from .models import RefreshToken, TokenFamily

TOKEN_BYTES = 32


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_family(session: Session, user_id: int, ttl_seconds: int) -> IssuedToken:
    """A new login: the first token of a new family."""
    family = TokenFamily(user_id=user_id, created_at=utc_now())
    session.add(family)
    session.flush()
    return _issue(session, family.id, ttl_seconds)


def rotate(session: Session, token: str, ttl_seconds: int) -> tuple[int, IssuedToken] | None:
    """Spend `token` for the next one of its family; None if it cannot be spent.

    Returns the id of the user the family belongs to with the new token.
    """
    now = utc_now()
    token_hash = hash_token(token)
    live_families = select(TokenFamily.id).where(TokenFamily.revoked_at.is_(None))
    # The only write that decides: concurrent spends of one token serialise on its row.
    family_id = session.scalar(
        update(RefreshToken)
        .where(
            RefreshToken.token_hash == token_hash,
            RefreshToken.spent_at.is_(None),
            RefreshToken.expires_at > now,
            RefreshToken.family_id.in_(live_families),
        )
        .values(spent_at=now)
        .returning(RefreshToken.family_id)
        .execution_options(synchronize_session=False)
    )
    if family_id is None:
        reused = session.scalar(
            select(RefreshToken.family_id).where(
                RefreshToken.token_hash == token_hash, RefreshToken.spent_at.is_not(None)
            )
        )
        if reused is not None:
            _revoke_family(session, reused, now)
        return None
    family = session.get_one(TokenFamily, family_id)
    return family.user_id, _issue(session, family_id, ttl_seconds)


def revoke(session: Session, token: str) -> bool:
    """End the login `token` belongs to; False if it is unknown, expired or already revoked.

    A spent token still ends its login: whoever presents it wants that login
    over, and a spent token presented again calls for exactly that anyway.
    """
    now = utc_now()
    family_id = session.scalar(
        select(RefreshToken.family_id).where(
            RefreshToken.token_hash == hash_token(token), RefreshToken.expires_at > now
        )
    )
    return family_id is not None and _revoke_family(session, family_id, now)


def _revoke_family(session: Session, family_id: int, now: datetime) -> bool:
    revoked = session.scalar(
        update(TokenFamily)
        .where(TokenFamily.id == family_id, TokenFamily.revoked_at.is_(None))
        .values(revoked_at=now)
        .returning(TokenFamily.id)
        .execution_options(synchronize_session=False)
    )
    return revoked is not None


def _issue(session: Session, family_id: int, ttl_seconds: int) -> IssuedToken:
    token = new_token()
    now = utc_now()
    expires_at = now + timedelta(seconds=ttl_seconds)
    session.add(
        RefreshToken(
            family_id=family_id,
            token_hash=hash_token(token),
            created_at=now,
            expires_at=expires_at,
        )
    )
    return IssuedToken(token=token, expires_at=expires_at)
