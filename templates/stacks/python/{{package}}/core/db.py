"""The database engine, the declarative base and the column types shared by models.

`DATABASE_URL` picks the database: SQLite in a file by default, PostgreSQL
(through psycopg 3) for a `postgres://` or `postgresql://` URL.
"""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    Engine,
    Integer,
    MetaData,
    create_engine,
    event,
    make_url,
)
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

from .environment import ConfigError

# Every constraint and index gets a predictable name, so a later migration can name
# what it alters or drops, on PostgreSQL and in SQLite's batch mode (which rebuilds
# the table and needs a name for each constraint it recreates).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    # Alembic's operations read the convention from here too (env.py's target_metadata).
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Ids are 64-bit everywhere: BIGINT on PostgreSQL, whose INTEGER stops at 2**31,
# and INTEGER on SQLite, where only an INTEGER primary key is the 64-bit rowid.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on every backend.

    SQLite has no time zones and hands back naive values; this type stores
    UTC and always returns aware UTC datetimes.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous: pass an aware one")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def database_url(raw: str) -> URL:
    """Parse `DATABASE_URL`, selecting psycopg 3 for PostgreSQL.

    Hosting platforms hand out `postgres://` URLs, which SQLAlchemy does not
    accept, and a bare `postgresql://` would pick psycopg2.
    """
    try:
        url = make_url(raw)
    except ArgumentError:
        raise ConfigError("DATABASE_URL is not a valid database URL") from None
    if url.drivername in ("postgres", "postgresql"):
        url = url.set(drivername="postgresql+psycopg")
    return url


# A query running longer than this is cancelled: a stuck one must not hold a connection forever.
STATEMENT_TIMEOUT_MS = 10_000


def create_database_engine(raw_url: str, *, pool_size: int = 10) -> Engine:
    url = database_url(raw_url)
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    try:
        return create_engine(
            url,
            pool_pre_ping=True,
            # A fixed pool: a request waits at most 5 s for a connection, then gets a 503.
            pool_size=pool_size,
            max_overflow=0,
            pool_timeout=5,
            connect_args={
                "connect_timeout": 5,
                "options": f"-c statement_timeout={STATEMENT_TIMEOUT_MS}",
            },
        )
    except ImportError as error:
        raise ConfigError(
            f"DATABASE_URL needs the {error.name} driver, which is not installed"
        ) from None


def _sqlite_engine(url: URL) -> Engine:
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    # Requests run in a thread pool; the pool hands each connection to one thread at a time.
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})

    @event.listens_for(engine, "connect")
    def configure(connection: Any, _record: Any) -> None:
        # SQLite's own lower() folds ASCII only; Python's folds all of Unicode,
        # so case-insensitive search behaves as it does on PostgreSQL.
        connection.create_function("lower", 1, _lower, deterministic=True)
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    return engine


def _lower(value: str | None) -> str | None:
    return None if value is None else value.lower()
