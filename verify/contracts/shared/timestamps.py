"""The timestamps of the contracts (CONTRACTS.md): RFC 3339 in UTC with a `Z`
and exactly three fractional digits, e.g. `2026-11-21T14:03:07.123Z`."""

import re
from datetime import UTC, datetime, timedelta
from typing import Any

TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


def parse_timestamp(value: Any) -> datetime:
    assert isinstance(value, str) and TIMESTAMP.match(value), (
        f"timestamp {value!r} is not RFC 3339 UTC with exactly three fractional digits and Z"
    )
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def assert_recent(value: Any) -> datetime:
    """A timestamp of now: a server writing local time as UTC is hours off."""
    moment = parse_timestamp(value)
    now = datetime.now(UTC)
    assert abs(now - moment) < timedelta(minutes=5), f"timestamp {value} is not now ({now:%H:%M:%S}Z): not UTC?"
    return moment
