"""`INSERT … ON CONFLICT DO NOTHING`, on SQLite and PostgreSQL alike."""

from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .core.db import Base


def insert_ignoring_duplicates(session: Session, model: type[Base], **values: Any) -> bool:
    """Insert the row unless its key exists already; True when a row was really added.

    PostgreSQL makes a second insert of the same key wait for the first and then
    do nothing; SQLite runs one writing transaction at a time.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # RETURNING tells whether a row was added: not every driver counts the rows of an
    # INSERT that did nothing.
    table = cast(Table, model.__table__)
    statement = (
        insert(table).values(**values).on_conflict_do_nothing().returning(*table.primary_key)
    )
    return session.execute(statement).first() is not None
