"""The first admin, created at start-up from ADMIN_EMAIL and ADMIN_PASSWORD.

It exists before the server takes its first request, so there is never a
window in which a stranger could register first and claim administration.
The account is only created, never updated: once its email is registered, a
restart neither resets its password nor undoes a demotion made on purpose.
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
from .core.passwords import hash_password
from .core.timestamps import utc_now
from .models import User
from .schemas import AdminAccount

logger = logging.getLogger(__name__)

ADMIN_NAME = "Administrator"


@asynccontextmanager
async def create_first_admin(app: FastAPI) -> AsyncIterator[None]:
    settings = cast(Settings, app.state.settings)
    if settings.admin is not None:
        sessions = cast(sessionmaker[Session], app.state.sessions)
        await run_in_threadpool(ensure_admin, sessions, settings.admin)
    yield


def ensure_admin(sessions: sessionmaker[Session], account: AdminAccount) -> None:
    """Create the admin account unless its email is already registered."""
    with sessions() as session:
        existing = session.scalar(select(User).where(User.email == account.email))
        if existing is not None:
            if existing.role != "admin":
                logger.warning(
                    "ADMIN_EMAIL %s belongs to an account that is not an admin", account.email
                )
            return
        session.add(
            User(
                email=account.email,
                name=ADMIN_NAME,
                password_hash=hash_password(account.password),
                role="admin",
                created_at=utc_now(),
            )
        )
        try:
            session.commit()
        except IntegrityError:
            # Another replica starting at the same moment created it first.
            return
    logger.info("created the first admin, %s", account.email)
