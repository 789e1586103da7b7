"""Who is calling: `Authorization: Bearer <jwt>`, and what their role lets them do.

The token only says who the caller is. Their account, and so their role, is
read from the database on every request: a demotion holds at the next
request, for tokens issued before it too, and a deleted user's token stops
working at once.
"""

from typing import Annotated, Any

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..core.resource_ids import MAX_ID
from ..core.security import user_id_from_token
from ..models import ADMIN, User
from .deps import SessionDep, SettingsDep

_bearer = HTTPBearer(auto_error=False, description="The token from /auth/register or /auth/login")


def unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail, headers={"WWW-Authenticate": "Bearer"}
    )


def optional_user(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    session: SessionDep,
    settings: SettingsDep,
) -> User | None:
    """The caller when the request carries a token, None when it carries none.

    A token that is not valid is a 401 even where none is needed, so a client
    learns that it should sign in again.
    """
    if credentials is None:
        return None
    user_id = user_id_from_token(credentials.credentials, settings.jwt_secret)
    user = session.get(User, user_id) if user_id is not None and user_id <= MAX_ID else None
    if user is None:
        raise unauthorized("the token is invalid or expired")
    return user


def current_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    if user is None:
        raise unauthorized("a valid bearer token is required")
    return user


def admin_user(user: Annotated[User, Depends(current_user)]) -> User:
    if user.role != ADMIN:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "only an admin may do this")
    return user


def is_admin(user: User | None) -> bool:
    return user is not None and user.role == ADMIN


# `openapi_extra` of a route that a token may come with but need not: anonymous callers too.
TOKEN_OPTIONAL: dict[str, Any] = {"security": [{}]}

Viewer = Annotated[User | None, Depends(optional_user)]
CurrentUser = Annotated[User, Depends(current_user)]
AdminUser = Annotated[User, Depends(admin_user)]
