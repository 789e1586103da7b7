"""Access tokens (JWT, HS256) and the secret they are signed with."""

from datetime import timedelta
from typing import Annotated

import jwt
from pydantic import StringConstraints

from .timestamps import utc_now

ALGORITHM = "HS256"
MIN_SECRET_LENGTH = 32

# The type of the `JWT_SECRET` setting. HS256 is only as strong as its key; a
# short one can be brute-forced offline, so the app refuses to start with one.
JwtSecret = Annotated[str, StringConstraints(strip_whitespace=True, min_length=MIN_SECRET_LENGTH)]


def issue_token(user_id: int, secret: str, ttl_seconds: int) -> str:
    now = utc_now()
    claims = {"sub": str(user_id), "iat": now, "exp": now + timedelta(seconds=ttl_seconds)}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def user_id_from_token(token: str, secret: str) -> int | None:
    """The user id a valid token was issued to; None if it is malformed, forged or expired."""
    try:
        claims = jwt.decode(
            token, secret, algorithms=[ALGORITHM], options={"require": ["exp", "iat", "sub"]}
        )
    except jwt.InvalidTokenError:
        return None
    subject = claims["sub"]
    return (
        int(subject)
        if isinstance(subject, str) and subject.isascii() and subject.isdigit()
        else None
    )
