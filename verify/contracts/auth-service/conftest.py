"""Fixtures of the auth-service contract suite.

The server under test is shared by the whole session and never restarted, so
every test works with accounts of its own (unique emails). Register and login
are rate limited per client address (server.env sets the limit): the suite
stays well below it, and test_zz_rate_limit.py, which runs last, exhausts it.
"""

import os
from collections.abc import Callable, Iterator

import httpx
import pytest

from auth_support import BASE_URL, Account, assert_user, register


def pytest_configure(config: pytest.Config) -> None:
    if not BASE_URL:
        raise pytest.UsageError("FOLIO_BASE_URL must name the server under test")


@pytest.fixture(scope="session")
def api() -> Iterator[httpx.Client]:
    with httpx.Client(base_url=BASE_URL, timeout=10.0) as client:
        yield client


@pytest.fixture(scope="session")
def admin(api: httpx.Client) -> Account:
    """The first admin, created by the server from ADMIN_EMAIL / ADMIN_PASSWORD."""
    email, password = os.environ["ADMIN_EMAIL"], os.environ["ADMIN_PASSWORD"]
    response = api.post("/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, f"admin login failed: {response.text}"
    body = response.json()
    assert_user(body["user"], email, role="admin")
    return Account(email, password, body["user"], body["tokens"])


@pytest.fixture
def account(api: httpx.Client) -> Account:
    """A fresh account of role `user`, with the tokens of its registration."""
    return register(api)


@pytest.fixture
def new_account(api: httpx.Client) -> Callable[[], Account]:
    """Registers another fresh account each time it is called."""
    return lambda: register(api)
