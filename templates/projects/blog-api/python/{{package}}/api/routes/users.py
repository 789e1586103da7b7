"""Accounts: register, log in, and the caller's own user."""

from fastapi import APIRouter, Depends, Response, status
from prometheus_client import Counter
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...core.passwords import hash_password, verify_password
from ...core.rate_limit import rate_limit
from ...core.realworld import FieldsError, error_responses, unprocessable
from ...core.security import issue_token
from ...core.timestamps import later_than, utc_now
from ...models import AUTHOR, User
from ...schemas import MIN_PASSWORD, LoginBody, RegisterBody, UpdateUserBody, UserOut, UserResponse
from ...users import taken_fields, username_key
from ..auth import SignedIn, unauthorized
from ..deps import SessionDep, SettingsDep

router = APIRouter(prefix="/api", tags=["users"])

LOGINS = Counter("auth_logins_total", "Login attempts by outcome.", ["outcome"])

# Each route has its own budget per client address.
_limited = [Depends(rate_limit(lambda settings: settings.auth_rate_limit_per_minute))]


def _user_response(response: Response, user: User, token: str) -> UserResponse:
    # The body carries a token: no cache may keep it.
    response.headers["Cache-Control"] = "no-store"
    return UserResponse(
        user=UserOut(
            email=user.email,
            token=token,
            username=user.username,
            bio=user.bio,
            image=user.image,
            role=user.role,
        )
    )


def _taken(session: SessionDep, user_id: int, username: str, email: str) -> FieldsError:
    session.rollback()
    return FieldsError(409, taken_fields(session, user_id, username, email))


@router.post(
    "/users",
    status_code=status.HTTP_201_CREATED,
    dependencies=_limited,
    responses=error_responses(409, 422, 429),
)
def register(
    body: RegisterBody, session: SessionDep, settings: SettingsDep, response: Response
) -> UserResponse:
    new = body.user
    now = utc_now()
    user = User(
        username=new.username,
        username_key=username_key(new.username),
        email=new.email,
        password_hash=hash_password(new.password),
        role=AUTHOR,
        created_at=now,
        updated_at=now,
    )
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        # The unique indexes decide, so two sign-ups racing for one name cannot both win.
        raise _taken(session, 0, new.username, new.email) from None
    token = issue_token(user.id, settings.jwt_secret, settings.jwt_ttl_seconds)
    return _user_response(response, user, token)


@router.post("/users/login", dependencies=_limited, responses=error_responses(401, 422, 429))
def login(
    body: LoginBody, session: SessionDep, settings: SettingsDep, response: Response
) -> UserResponse:
    credentials = body.user
    user = session.scalar(select(User).where(User.email == credentials.email.lower()))
    # An unknown email and a wrong password get the same 401, after the same work.
    password_ok = verify_password(user.password_hash if user else None, credentials.password)
    if user is None or not password_ok:
        LOGINS.labels("failure").inc()
        raise unauthorized("wrong email or password")
    LOGINS.labels("success").inc()
    token = issue_token(user.id, settings.jwt_secret, settings.jwt_ttl_seconds)
    return _user_response(response, user, token)


@router.get("/user", responses=error_responses(401))
def get_current_user(caller: SignedIn, response: Response) -> UserResponse:
    return _user_response(response, caller.user, caller.token)


@router.put("/user", responses=error_responses(401, 409, 422))
def update_current_user(
    body: UpdateUserBody, caller: SignedIn, session: SessionDep, response: Response
) -> UserResponse:
    """Change what the body names; a password left empty keeps the old one, as
    RealWorld front ends send the whole settings form."""
    changes = body.user
    given = changes.model_fields_set
    if changes.password and len(changes.password) < MIN_PASSWORD:
        raise unprocessable("password", f"is too short (minimum is {MIN_PASSWORD} characters)")
    user, user_id = caller.user, caller.id
    if "username" in given:
        user.username = changes.username
        user.username_key = username_key(changes.username)
    if "email" in given:
        user.email = changes.email
    if changes.password:
        user.password_hash = hash_password(changes.password)
    if "bio" in given:
        user.bio = changes.bio
    if "image" in given:
        user.image = changes.image
    user.updated_at = later_than(user.updated_at)
    try:
        session.commit()
    except IntegrityError:
        raise _taken(session, user_id, changes.username, changes.email) from None
    return _user_response(response, user, caller.token)
