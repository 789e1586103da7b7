"""Profiles and follows: the public view of a user, `following` for the caller."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, status
from sqlalchemy import delete

from ...core.realworld import TOKEN_OPTIONAL, error_responses, unprocessable
from ...core.timestamps import utc_now
from ...insert import insert_ignoring_duplicates
from ...models import Follow, User
from ...schemas import USERNAME_PATTERN, ProfileResponse
from ...users import by_username, follows, profile_of
from ..auth import SignedIn, Viewer
from ..deps import SessionDep

router = APIRouter(prefix="/api/profiles", tags=["profiles"])

UsernamePath = Annotated[str, Path(max_length=32, pattern=USERNAME_PATTERN)]


def _user(session: SessionDep, username: str) -> User:
    user = by_username(session, username)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no user is called {username}")
    return user


@router.get("/{username}", responses=error_responses(401, 404), openapi_extra=TOKEN_OPTIONAL)
def get_profile(username: UsernamePath, viewer: Viewer, session: SessionDep) -> ProfileResponse:
    user = _user(session, username)
    following = follows(session, viewer.id if viewer else None, user.id)
    return ProfileResponse(profile=profile_of(user, following))


@router.post("/{username}/follow", responses=error_responses(401, 404, 422))
def follow_user(username: UsernamePath, caller: SignedIn, session: SessionDep) -> ProfileResponse:
    """Follow the user; twice is once, and following yourself is a 422."""
    user = _user(session, username)
    if user.id == caller.id:
        raise unprocessable("username", "can't be yourself")
    insert_ignoring_duplicates(
        session, Follow, follower_id=caller.id, followed_id=user.id, created_at=utc_now()
    )
    session.commit()
    return ProfileResponse(profile=profile_of(user, following=True))


@router.delete("/{username}/follow", responses=error_responses(401, 404))
def unfollow_user(username: UsernamePath, caller: SignedIn, session: SessionDep) -> ProfileResponse:
    user = _user(session, username)
    session.execute(
        delete(Follow).where(Follow.follower_id == caller.id, Follow.followed_id == user.id)
    )
    session.commit()
    return ProfileResponse(profile=profile_of(user, following=False))
