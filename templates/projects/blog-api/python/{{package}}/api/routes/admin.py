"""What only an admin may do: list the users and change their roles."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, status
from sqlalchemy import func, select

from ...core.query import query_int
from ...core.realworld import FieldsError, error_responses
from ...core.resource_ids import MAX_ID
from ...core.timestamps import later_than
from ...models import ADMIN, User
from ...schemas import USERNAME_PATTERN, AdminUser, AdminUserPage, RoleChange
from ...users import by_username
from ..auth import Admin
from ..deps import SessionDep

router = APIRouter(prefix="/api/admin/users", tags=["admin"])


def _view(user: User) -> AdminUser:
    return AdminUser(
        username=user.username,
        email=user.email,
        role=user.role,
        created_at=user.created_at,
    )


@router.get("", responses=error_responses(401, 403, 422))
def list_users(
    _: Admin,
    session: SessionDep,
    offset: Annotated[int, Query(ge=0, le=MAX_ID), query_int] = 0,
    limit: Annotated[int, Query(ge=1, le=100), query_int] = 20,
) -> AdminUserPage:
    """Every user, oldest account first."""
    total = session.scalar(select(func.count()).select_from(User)) or 0
    users = (
        session.scalars(
            select(User).order_by(User.created_at, User.id).offset(offset).limit(limit)
        ).all()
        if offset < total
        else []
    )
    return AdminUserPage(users=[_view(user) for user in users], users_count=total)


@router.put("/{username}/role", responses=error_responses(401, 403, 404, 409, 422))
def set_role(
    username: Annotated[str, Path(max_length=32, pattern=USERNAME_PATTERN)],
    body: RoleChange,
    _: Admin,
    session: SessionDep,
) -> AdminUser:
    """Give the user the role; 409 when it would leave the blog without an admin."""
    # Two admins demoting each other at once must not both succeed. PostgreSQL
    # locks every admin row here (in id order, so two requests cannot deadlock);
    # SQLite ignores FOR UPDATE, but lets only one writer in at a time anyway.
    session.scalars(
        select(User.id).where(User.role == ADMIN).order_by(User.id).with_for_update()
    ).all()
    user = by_username(session, username)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no user is called {username}")
    user.role = body.role
    user.updated_at = later_than(user.updated_at)
    session.flush()
    # Counted after the write, inside the same transaction, so the count includes it.
    if not session.scalar(select(func.count()).select_from(User).where(User.role == ADMIN)):
        session.rollback()
        raise FieldsError(
            409, {"role": "the last admin cannot step down: make another admin first"}
        )
    session.commit()
    return _view(user)
