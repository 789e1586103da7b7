"""Time as the API shows it: UTC, RFC 3339, exactly three fractional digits.

Timestamps are truncated to milliseconds when they are made, not only when
they are shown, so what the database stores is exactly what clients see and
two values compare the same way in SQL and in JSON.
"""

from datetime import UTC, datetime, timedelta
from typing import Annotated

from pydantic import PlainSerializer, WithJsonSchema

ONE_MILLISECOND = timedelta(milliseconds=1)


def utc_now() -> datetime:
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def later_than(previous: datetime) -> datetime:
    """The current time, or one millisecond after `previous` if the clock has not moved on.

    An update must make `updatedAt` strictly later, even when it lands in the
    same millisecond as the write before it.
    """
    return max(utc_now(), previous + ONE_MILLISECOND)


def format_timestamp(value: datetime) -> str:
    utc = value.astimezone(UTC)
    # The year by hand: strftime's %Y drops leading zeros (year 898, not 0898) on glibc.
    return f"{utc.year:04d}-{utc:%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


# A datetime field that serialises as `2026-11-21T14:03:07.123Z`.
Timestamp = Annotated[
    datetime,
    PlainSerializer(format_timestamp, return_type=str),
    WithJsonSchema(
        {"type": "string", "format": "date-time", "examples": ["2026-11-21T14:03:07.123Z"]}
    ),
]
