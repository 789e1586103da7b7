"""The todo-api contract suite: black-box over HTTP against FOLIO_BASE_URL.

Tests never see each other's data: every account has a unique email, and a
test that looks at a whole list gets an account of its own (`fresh`). Hashing
a password is slow by design, so the accounts that only own what a test
creates (`alice`, `bob`) are made once per run. Every client comes from its
own loopback address, so no test eats another's rate-limit budget.
"""

from collections.abc import Iterator

import httpx
import pytest

from support import new_client, register


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with new_client() as client:
        yield client


@pytest.fixture(scope="session")
def alice() -> dict[str, str]:
    """Headers authenticating as an account shared by the tests that only touch todos they create."""
    with new_client() as client:
        return register(client, name="Alice")


@pytest.fixture(scope="session")
def bob() -> dict[str, str]:
    """Headers authenticating as a second shared account: someone else, for 403s."""
    with new_client() as client:
        return register(client, name="Bob")


@pytest.fixture
def fresh(client: httpx.Client) -> dict[str, str]:
    """Headers authenticating as a new account with no todos, for tests that read whole lists."""
    return register(client, name="Fresh")
