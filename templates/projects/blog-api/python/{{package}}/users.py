"""What the routers share about accounts: case-insensitive names, taken names, profiles."""

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from .models import Follow, User
from .schemas import Profile


def username_key(username: str) -> str:
    """What makes usernames unique without regard to case: they are ASCII,
    so lower-casing is all the folding they need."""
    return username.lower()


def taken_fields(session: Session, user_id: int, username: str, email: str) -> dict[str, str]:
    """Which of username and email an account other than `user_id` holds."""
    taken = {}
    if username and session.scalar(
        select(exists().where(User.username_key == username_key(username), User.id != user_id))
    ):
        taken["username"] = "has already been taken"
    if email and session.scalar(
        select(exists().where(User.email == email.lower(), User.id != user_id))
    ):
        taken["email"] = "has already been taken"
    # A race lost and already undone (the other account is gone again) still names a field.
    return taken or {"username": "has already been taken"}


def by_username(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username_key == username_key(username)))


def follows(session: Session, follower_id: int | None, followed_id: int) -> bool:
    if follower_id is None:
        return False
    return bool(
        session.scalar(
            select(
                exists().where(Follow.follower_id == follower_id, Follow.followed_id == followed_id)
            )
        )
    )


def profile_of(user: User, following: bool) -> Profile:
    return Profile(username=user.username, bio=user.bio, image=user.image, following=following)
