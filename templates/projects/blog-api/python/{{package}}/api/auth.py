"""Who is calling: RealWorld's `Authorization: Token <jwt>` (or `Bearer <jwt>`).

The token only says who the caller is. Their account, and so their role, is
read from the database on every request: a role change holds at the next
request, for tokens issued before it too, and a deleted user's token stops
working at once.
"""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import APIKeyHeader

from ..core.resource_ids import MAX_ID
from ..core.security import user_id_from_token
from ..models import ADMIN, User
from .deps import SessionDep, SettingsDep

_token = APIKeyHeader(
    name="Authorization",
    scheme_name="token",
    description="RealWorld's scheme: `Token <jwt>`; `Bearer <jwt>` is accepted too.",
    auto_error=False,
)


@dataclass(frozen=True)
class Caller:
    """The signed-in user of a request, as the database has it now, and the token it came with."""

    user: User
    token: str

    @property
    def id(self) -> int:
        return self.user.id


def unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail, headers={"WWW-Authenticate": "Token"}
    )


def _raw_token(header: str) -> str | None:
    scheme, _, token = header.partition(" ")
    if not token or " " in token or "\t" in token or scheme.lower() not in ("token", "bearer"):
        return None
    return token


def optional_caller(
    header: Annotated[str | None, Depends(_token)], session: SessionDep, settings: SettingsDep
) -> Caller | None:
    """The caller when the request carries a token, None when it carries none.

    A token that is not valid is a 401 even where none is needed, so a front
    end learns that it should sign in again.
    """
    if header is None:
        return None
    token = _raw_token(header)
    if token is None:
        raise unauthorized("the Authorization header must be Token <jwt>")
    user_id = user_id_from_token(token, settings.jwt_secret)
    user = session.get(User, user_id) if user_id is not None and user_id <= MAX_ID else None
    if user is None:
        raise unauthorized("the token is invalid or expired")
    return Caller(user=user, token=token)


def signed_in_caller(caller: Annotated[Caller | None, Depends(optional_caller)]) -> Caller:
    if caller is None:
        raise unauthorized("a token is required: Authorization: Token <jwt>")
    return caller


def admin_caller(caller: Annotated[Caller, Depends(signed_in_caller)]) -> Caller:
    if caller.user.role != ADMIN:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "only an admin may do this")
    return caller


Viewer = Annotated[Caller | None, Depends(optional_caller)]
SignedIn = Annotated[Caller, Depends(signed_in_caller)]
Admin = Annotated[Caller, Depends(admin_caller)]
