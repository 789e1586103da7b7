"""SQL the two backends spell alike: dialect-specific INSERTs, and rows an UPDATE changed."""

from typing import Any, cast

from sqlalchemy import CursorResult, Result
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_for(session: Session) -> Any:
    """The `insert` with ON CONFLICT support for the session's backend."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def rows_changed(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE changed."""
    return cast(CursorResult[Any], result).rowcount
