"""The first admin, created at start-up from ADMIN_EMAIL and ADMIN_PASSWORD.

It exists before the server takes its first request, so a fresh blog can be
moderated at once. The account is only created, never updated: once its
email is registered, a restart neither resets its password nor undoes a
demotion made on purpose.
"""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import cast

from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from .core.config import Settings
from .core.environment import ConfigError
from .core.passwords import hash_password
from .core.timestamps import utc_now
from .models import ADMIN, User
from .users import username_key

logger = logging.getLogger(__name__)

ADMIN_USERNAME = "admin"


@asynccontextmanager
async def create_first_admin(app: FastAPI) -> AsyncIterator[None]:
    settings = cast(Settings, app.state.settings)
    if settings.admin_email is not None and settings.admin_password is not None:
        sessions = cast(sessionmaker[Session], app.state.sessions)
        await run_in_threadpool(
            ensure_admin, sessions, settings.admin_email, settings.admin_password
        )
    yield


def ensure_admin(sessions: sessionmaker[Session], email: str, password: str) -> bool:
    """Create the admin, username `admin`, unless an account has this email; True if created."""
    email = email.strip().lower()
    with sessions() as session:
        if session.scalar(select(User.id).where(User.email == email)) is not None:
            return False
        now = utc_now()
        session.add(
            User(
                username=ADMIN_USERNAME,
                username_key=username_key(ADMIN_USERNAME),
                email=email,
                password_hash=hash_password(password),
                role=ADMIN,
                created_at=now,
                updated_at=now,
            )
        )
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            if session.scalar(select(User.id).where(User.email == email)) is not None:
                # Another replica starting at the same moment created it first.
                return False
            raise ConfigError(
                "ADMIN_EMAIL: the username admin belongs to an account with another email"
            ) from None
    logger.info("created the first admin, %s", ADMIN_USERNAME)
    return True
