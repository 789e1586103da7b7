"""Access tokens: JWTs signed with Ed25519.

An access token carries everything another service needs to authorise a
request without calling back: who (`sub`), what they may do (`role`), who
issued it (`iss`) and for how long it holds (`iat`, `exp`). It cannot be
revoked; it is short-lived instead (`ACCESS_TOKEN_TTL_SECONDS`).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

from .signing import ALGORITHM, SigningKey


@dataclass(frozen=True)
class AccessToken:
    token: str
    expires_at: datetime


def issue_access_token(
    key: SigningKey, *, user_id: int, role: str, issuer: str, ttl_seconds: int
) -> AccessToken:
    # JWT times are whole seconds; starting on one makes `expiresAt` equal `exp` exactly.
    issued = datetime.now(UTC).replace(microsecond=0)
    expires = issued + timedelta(seconds=ttl_seconds)
    claims = {
        "iss": issuer,
        "sub": str(user_id),
        "role": role,
        "iat": int(issued.timestamp()),
        "exp": int(expires.timestamp()),
    }
    token = jwt.encode(claims, key.private_key, algorithm=ALGORITHM, headers={"kid": key.kid})
    return AccessToken(token=token, expires_at=expires)


def user_id_from_access_token(token: str, key: SigningKey, issuer: str) -> int | None:
    """The user a valid token was issued to; None if it is malformed, forged, foreign or expired."""
    try:
        # A verifier picks its key by `kid`; this service has one key, so any other id is foreign.
        if jwt.get_unverified_header(token).get("kid") != key.kid:
            return None
        claims = jwt.decode(
            token,
            key.public_key,
            algorithms=[ALGORITHM],
            issuer=issuer,
            options={"require": ["exp", "iat", "iss", "sub"]},
        )
    except jwt.InvalidTokenError:
        return None
    subject = claims["sub"]
    return (
        int(subject)
        if isinstance(subject, str) and subject.isascii() and subject.isdigit()
        else None
    )
