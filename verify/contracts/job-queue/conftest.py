"""Fixtures of the job-queue contract suite.

The server under test is shared by the whole session and never restarted, so
every test works in queues of its own (unique names).
"""

from collections.abc import Iterator

import httpx
import pytest

from queue_support import BASE_URL, unique_queue


def pytest_configure(config: pytest.Config) -> None:
    if not BASE_URL:
        raise pytest.UsageError("FOLIO_BASE_URL must name the server under test")


@pytest.fixture(scope="session")
def api() -> Iterator[httpx.Client]:
    with httpx.Client(base_url=BASE_URL, timeout=15.0) as client:
        yield client


@pytest.fixture
def queue() -> str:
    return unique_queue()
