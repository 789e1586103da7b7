"""Users: the caller's own account, and what admins may see and change.

The caller is whoever the bearer access token names, but their role is read
from the database on every request: a demoted admin loses admin rights here
at once, even while older tokens elsewhere still carry the old role.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import func, select
from starlette.convertors import Convertor, register_url_convertor

from ...core.openapi import problem_responses
from ...core.query import query_int
from ...core.resource_ids import ResourceId
from ...core.security import user_id_from_access_token
from ...models import User
from ...schemas import RoleChange, UserOut, UserPage
from ..deps import SessionDep, SettingsDep


class UserIdSegment(Convertor[str]):
    """Any path segment but `me`, which names the caller's own account.

    A plain `{id}` would also match `/users/me`, so a 405 there would
    list PATCH in `Allow`. The segment still reaches FastAPI as text and is
    validated as an integer there: `/users/abc` stays a 404 with a detail.
    """

    regex = "(?!me$)[^/]+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("user_id", UserIdSegment())

router = APIRouter(prefix="/users", tags=["users"])

_bearer = HTTPBearer(
    auto_error=False,
    description="An access token from /auth/register, /auth/login or /auth/refresh",
)

# Ids are 64-bit in the database; anything beyond cannot exist.
MAX_ID = 2**63 - 1


def current_user(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    session: SessionDep,
    settings: SettingsDep,
) -> User:
    user_id = (
        user_id_from_access_token(
            credentials.credentials, settings.jwt_private_key, settings.jwt_issuer
        )
        if credentials
        else None
    )
    user = session.get(User, user_id) if user_id is not None and user_id <= MAX_ID else None
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "a valid bearer access token is required",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def current_admin(user: CurrentUser) -> None:
    if user.role != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "only admins may do this")


_admins_only = [Depends(current_admin)]


@router.get("/me", responses=problem_responses(401))
def get_me(user: CurrentUser) -> UserOut:
    return UserOut.model_validate(user)


@router.get("", dependencies=_admins_only, responses=problem_responses(400, 401, 403))
def list_users(
    session: SessionDep,
    page: Annotated[int, Query(ge=1), query_int] = 1,
    limit: Annotated[int, Query(ge=1, le=100), query_int] = 10,
) -> UserPage:
    total = session.scalar(select(func.count()).select_from(User)) or 0
    offset = (page - 1) * limit
    # A page past the end is empty; skipping the query also keeps huge offsets out of SQL.
    users = (
        session.scalars(select(User).order_by(User.id).offset(offset).limit(limit)).all()
        if offset < total
        else []
    )
    return UserPage(
        data=[UserOut.model_validate(user) for user in users], page=page, limit=limit, total=total
    )


@router.patch(
    "/{id:user_id}",
    dependencies=_admins_only,
    responses=problem_responses(400, 401, 403, 404, 409),
)
def change_role(user_id: ResourceId, body: RoleChange, session: SessionDep) -> UserOut:
    if body.role == "user":
        # Two admins demoting each other at once must not both succeed. PostgreSQL
        # locks every admin row here (in id order, so two requests cannot deadlock);
        # SQLite ignores FOR UPDATE, but lets only one writer in at a time anyway.
        session.scalars(
            select(User.id).where(User.role == "admin").order_by(User.id).with_for_update()
        ).all()
    user = session.get(User, user_id) if 1 <= user_id <= MAX_ID else None
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"user {user_id} does not exist")
    user.role = body.role
    session.flush()
    # Counted after the write, inside the same transaction, so the count includes it.
    if not session.scalar(select(func.count()).select_from(User).where(User.role == "admin")):
        session.rollback()
        raise HTTPException(
            status.HTTP_409_CONFLICT, f"user {user_id} is the last admin: promote another first"
        )
    session.commit()
    return UserOut.model_validate(user)
