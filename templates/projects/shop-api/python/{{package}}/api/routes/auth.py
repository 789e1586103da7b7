"""Accounts: register as a customer and log in, each for a token."""

from fastapi import APIRouter, Depends, HTTPException, status
from prometheus_client import Counter
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...core.openapi import problem_responses
from ...core.passwords import hash_password, verify_password
from ...core.rate_limit import rate_limit
from ...core.security import issue_token
from ...core.timestamps import utc_now
from ...models import CUSTOMER, User
from ...schemas import Login, Register, Token
from ..auth import unauthorized
from ..deps import SessionDep, SettingsDep

# Each route has its own budget per client address.
router = APIRouter(
    prefix="/auth",
    tags=["auth"],
    dependencies=[Depends(rate_limit(lambda settings: settings.auth_rate_limit_per_minute))],
)

LOGINS = Counter("auth_logins_total", "Login attempts by outcome.", ["outcome"])


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(400, 409, 429),
)
def register(body: Register, session: SessionDep, settings: SettingsDep) -> Token:
    user = User(
        name=body.name,
        email=body.email,
        password_hash=hash_password(body.password),
        role=CUSTOMER,
        created_at=utc_now(),
    )
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        # The unique index decides, so two concurrent sign-ups cannot both win.
        session.rollback()
        raise HTTPException(
            status.HTTP_409_CONFLICT, "an account with this email already exists"
        ) from None
    return Token(token=issue_token(user.id, settings.jwt_secret, settings.jwt_ttl_seconds))


@router.post("/login", responses=problem_responses(400, 401, 429))
def login(body: Login, session: SessionDep, settings: SettingsDep) -> Token:
    user = session.scalar(select(User).where(User.email == body.email))
    # An unknown email and a wrong password get the same 401, after the same work.
    password_ok = verify_password(user.password_hash if user else None, body.password)
    if user is None or not password_ok:
        LOGINS.labels("failure").inc()
        raise unauthorized("wrong email or password")
    LOGINS.labels("success").inc()
    return Token(token=issue_token(user.id, settings.jwt_secret, settings.jwt_ttl_seconds))
