"""Accounts: register and log in for a token, and the checks that turn a token into a user."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...core.config import Settings
from ...core.openapi import problem_responses
from ...core.passwords import hash_password, verify_password
from ...core.rate_limit import rate_limit
from ...core.security import issue_token, user_id_from_token
from ...core.timestamps import utc_now
from ...models import User
from ...schemas import Login, Register, Token
from ..deps import SessionDep, SettingsDep

router = APIRouter(tags=["auth"])

_bearer = HTTPBearer(auto_error=False, description="The token from /register or /login")
# Password guessing is slowed down per client address; each route has its own budget.
_rate_limited = [Depends(rate_limit(lambda settings: settings.auth_rate_limit_per_minute))]


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(400, 409, 429),
    dependencies=_rate_limited,
)
def register(body: Register, session: SessionDep, settings: SettingsDep) -> Token:
    user = User(
        username=body.username,
        username_key=body.username.casefold(),
        password_hash=hash_password(body.password),
        created_at=utc_now(),
    )
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        # The unique index decides, so two concurrent sign-ups cannot both win.
        session.rollback()
        raise HTTPException(
            status.HTTP_409_CONFLICT, f"the username {body.username} is already taken"
        ) from None
    return Token(token=issue_token(user.id, settings.jwt_secret, settings.jwt_ttl_seconds))


@router.post("/login", responses=problem_responses(400, 401, 429), dependencies=_rate_limited)
def login(body: Login, session: SessionDep, settings: SettingsDep) -> Token:
    user = session.scalar(select(User).where(User.username_key == body.username.casefold()))
    password_ok = verify_password(user.password_hash if user else None, body.password)
    if user is None or not password_ok:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong username or password")
    return Token(token=issue_token(user.id, settings.jwt_secret, settings.jwt_ttl_seconds))


def user_from_token(token: str, session: Session, settings: Settings) -> User | None:
    """The user a valid token was issued to, if the account still exists."""
    user_id = user_id_from_token(token, settings.jwt_secret)
    return session.get(User, user_id) if user_id is not None else None


def current_user(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    session: SessionDep,
    settings: SettingsDep,
) -> User:
    user = user_from_token(credentials.credentials, session, settings) if credentials else None
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "a valid bearer token is required",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


CurrentUser = Annotated[User, Depends(current_user)]
