"""The shop-api contract suite: black-box over HTTP against FOLIO_BASE_URL.

Every test makes the products it buys, so stock counts are its own; customers
are new accounts (hashing is slow by design: a few are shared per run). The
first admin comes from ADMIN_EMAIL / ADMIN_PASSWORD (server.env).
"""

from collections.abc import Iterator

import httpx
import pytest

from support import ADMIN_EMAIL, ADMIN_PASSWORD, login, new_client, register


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with new_client() as client:
        yield client


@pytest.fixture(scope="session")
def admin() -> dict[str, str]:
    with new_client() as client:
        return login(client, ADMIN_EMAIL, ADMIN_PASSWORD)


@pytest.fixture
def customer(client: httpx.Client) -> dict[str, str]:
    """A new account, so its cart and orders start empty."""
    return register(client)


@pytest.fixture(scope="session")
def stranger() -> dict[str, str]:
    """Another customer, for 403s."""
    with new_client() as client:
        return register(client)
