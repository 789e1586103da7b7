"""The clock that lease decisions are made by: the database's, on PostgreSQL.

Several API servers share one database, and their clocks drift apart. If
each compared lease expiry with its own clock, a server running ahead would
reclaim a job whose worker is still heartbeating through another server.
Reading the time from PostgreSQL (`clock_timestamp()`, the moment of the
call rather than of the transaction's start) gives every server the same
clock. SQLite has no server: the database lives in this process, and the
process clock is the only one.
"""

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .core.timestamps import utc_now


def database_now(session: Session) -> datetime:
    """The current time by the database's clock, truncated to milliseconds as the API shows it."""
    if session.get_bind().dialect.name != "postgresql":
        return utc_now()
    now: datetime = session.execute(select(func.clock_timestamp())).scalar_one()
    now = now.astimezone(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)
