"""The order-events contract suite: black-box over HTTP against FOLIO_BASE_URL, and
over Redis (the cell's own database) where a test plays a crashed consumer, a
duplicate delivery or a poison message. support.py says how.
"""

from collections.abc import Iterator

import httpx
import pytest
from resp import Redis
from support import GROUPS, REDIS_DIRECT_URL, STREAM, new_client


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with new_client() as client:
        yield client


@pytest.fixture
def redis() -> Iterator[Redis]:
    """The cell's Redis database, around the gate, so it answers while the server is cut off."""
    assert REDIS_DIRECT_URL, "REDIS_URL must name the cell's Redis (scripts/verify sets it)"
    with Redis(REDIS_DIRECT_URL) as connection:
        yield connection


@pytest.fixture(scope="session", autouse=True)
def _groups_exist() -> None:
    """The consumers create their groups at start-up; every resilience test relies on them."""
    assert REDIS_DIRECT_URL, "REDIS_URL must name the cell's Redis (scripts/verify sets it)"
    with Redis(REDIS_DIRECT_URL) as redis:
        names = set()
        for entry in redis.command("XINFO", "GROUPS", STREAM):  # type: ignore[union-attr]
            names.add(dict(zip(entry[::2], entry[1::2]))["name"])  # type: ignore[index]
    missing = set(GROUPS) - names
    assert not missing, f"the stream `{STREAM}` has no consumer group {sorted(missing)} once the server is up"
