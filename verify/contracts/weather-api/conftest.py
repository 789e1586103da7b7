"""The weather-api contract suite: black-box over HTTP against FOLIO_BASE_URL,
with the fake Open-Meteo that scripts/verify runs (support.py says how).

The server is shared by the whole suite and its cache outlives every test, so
a test that needs a cache miss asks for a place of its own: coordinates no
other test used, or a city it adds to the fake first. The fake's counters,
modes and places are reset before and after every test.
"""

from collections.abc import Iterator

import httpx
import pytest

from support import Provider, new_client


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with new_client() as client:
        yield client


@pytest.fixture(scope="session")
def _provider() -> Iterator[Provider]:
    provider = Provider()
    yield provider
    provider.reset()
    provider.close()


@pytest.fixture(autouse=True)
def provider(_provider: Provider) -> Iterator[Provider]:
    _provider.reset()
    yield _provider
    _provider.reset()
