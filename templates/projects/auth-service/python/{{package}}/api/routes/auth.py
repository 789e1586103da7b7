"""Issuing tokens: register, log in, refresh, log out, and the keys that verify them."""

from fastapi import APIRouter, Depends, HTTPException, Response, status
from prometheus_client import Counter
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ... import refresh_tokens
from ...core.config import Settings
from ...core.openapi import problem_responses
from ...core.passwords import hash_password, verify_password
from ...core.rate_limit import rate_limit
from ...core.security import issue_access_token
from ...core.timestamps import utc_now
from ...models import User
from ...refresh_tokens import IssuedToken
from ...schemas import (
    JwkSet,
    Login,
    RefreshTokenBody,
    Register,
    TokenOut,
    TokenPair,
    Tokens,
    UserOut,
    UserWithTokens,
)
from ..deps import SessionDep, SettingsDep

router = APIRouter()

LOGINS = Counter("auth_logins_total", "Login attempts by outcome.", ["outcome"])

# Register and login share one budget per client address: both guess at accounts.
_rate_limited = [Depends(rate_limit(lambda settings: settings.auth_rate_limit_per_minute))]
_CANNOT_REFRESH = "the refresh token is unknown, expired, revoked or already used"
_CANNOT_REVOKE = "the refresh token is unknown, expired or already revoked"


def _token_pair(user: User, refresh: IssuedToken, settings: Settings) -> TokenPair:
    access = issue_access_token(
        settings.jwt_private_key,
        user_id=user.id,
        role=user.role,
        issuer=settings.jwt_issuer,
        ttl_seconds=settings.access_token_ttl_seconds,
    )
    return TokenPair(
        access=TokenOut(token=access.token, expires_at=access.expires_at),
        refresh=TokenOut(token=refresh.token, expires_at=refresh.expires_at),
    )


@router.post(
    "/auth/register",
    tags=["auth"],
    status_code=status.HTTP_201_CREATED,
    dependencies=_rate_limited,
    responses=problem_responses(400, 409, 429),
)
def register(body: Register, session: SessionDep, settings: SettingsDep) -> UserWithTokens:
    user = User(
        email=body.email,
        name=body.name,
        password_hash=hash_password(body.password),
        role="user",
        created_at=utc_now(),
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        # The unique index decides, so two concurrent sign-ups cannot both win.
        session.rollback()
        raise HTTPException(
            status.HTTP_409_CONFLICT, "an account with this email already exists"
        ) from None
    refresh = refresh_tokens.start_family(session, user.id, settings.refresh_token_ttl_seconds)
    session.commit()
    return UserWithTokens(
        user=UserOut.model_validate(user), tokens=_token_pair(user, refresh, settings)
    )


@router.post(
    "/auth/login",
    tags=["auth"],
    dependencies=_rate_limited,
    responses=problem_responses(400, 401, 429),
)
def login(body: Login, session: SessionDep, settings: SettingsDep) -> UserWithTokens:
    user = session.scalar(select(User).where(User.email == body.email))
    # An unknown email is checked against a dummy hash: same answer, same time.
    password_ok = verify_password(user.password_hash if user else None, body.password)
    if user is None or not password_ok:
        LOGINS.labels("failure").inc()
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong email or password")
    LOGINS.labels("success").inc()
    refresh = refresh_tokens.start_family(session, user.id, settings.refresh_token_ttl_seconds)
    session.commit()
    return UserWithTokens(
        user=UserOut.model_validate(user), tokens=_token_pair(user, refresh, settings)
    )


@router.post("/auth/refresh", tags=["auth"], responses=problem_responses(400, 401))
def refresh(body: RefreshTokenBody, session: SessionDep, settings: SettingsDep) -> Tokens:
    rotated = refresh_tokens.rotate(session, body.refresh_token, settings.refresh_token_ttl_seconds)
    if rotated is None:
        # Committed all the same: a reused token has just had its family revoked.
        session.commit()
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, _CANNOT_REFRESH)
    user_id, next_token = rotated
    # The role is read now, so a role change shows in every token issued after it.
    tokens = _token_pair(session.get_one(User, user_id), next_token, settings)
    session.commit()
    return Tokens(tokens=tokens)


@router.post(
    "/auth/logout",
    tags=["auth"],
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=problem_responses(400, 401),
)
def logout(body: RefreshTokenBody, session: SessionDep) -> None:
    revoked = refresh_tokens.revoke(session, body.refresh_token)
    session.commit()
    if not revoked:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, _CANNOT_REVOKE)


@router.get("/.well-known/jwks.json", tags=["keys"])
def jwks(response: Response, settings: SettingsDep) -> JwkSet:
    # Verifiers cache the set; a few minutes keeps a rotated-in key from waiting long.
    response.headers["Cache-Control"] = "public, max-age=300"
    return JwkSet.model_validate({"keys": [settings.jwt_private_key.public_jwk()]})
