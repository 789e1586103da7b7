"""The first admin, created at start-up from ADMIN_EMAIL and ADMIN_PASSWORD.

It exists before the server takes its first request, so a fresh shop can
list products at once. The account is only created, never updated: once its
email is registered, a restart neither resets its password nor undoes a
demotion made on purpose.
"""

import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from .core.passwords import hash_password
from .core.timestamps import utc_now
from .models import ADMIN, User

logger = logging.getLogger(__name__)

ADMIN_NAME = "Admin"


def ensure_admin(sessions: sessionmaker[Session], email: str, password: str) -> bool:
    """Create the admin unless an account has this email; True if created."""
    email = email.strip().lower()
    with sessions() as session:
        if session.scalar(select(User.id).where(User.email == email)) is not None:
            return False
        session.add(
            User(
                name=ADMIN_NAME,
                email=email,
                password_hash=hash_password(password),
                role=ADMIN,
                created_at=utc_now(),
            )
        )
        try:
            session.commit()
        except IntegrityError:
            # Another replica starting at the same moment created it first.
            session.rollback()
            return False
    logger.info("created the first admin")
    return True
