"""The url-shortener contract suite: black-box over HTTP against FOLIO_BASE_URL.

Links are public, so tests stay apart by making their own links (unique URLs
and aliases) and by each using a client from its own loopback address, which
gives every test its own POST /shorten budget (the suite assumes, as a
careful design would, that the limit is per client, not one for everybody).
"""

from collections.abc import Iterator

import httpx
import pytest

from support import new_client


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with new_client() as client:
        yield client
