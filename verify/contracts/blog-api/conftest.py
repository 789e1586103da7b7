"""The blog-api contract suite: black-box over HTTP against FOLIO_BASE_URL.

Tests never see each other's data: every account has a unique name, and a
test that reads a whole list filters it by an author or a tag of its own.
Hashing a password is slow by design, so the accounts that only own what a
test creates are made once per run. The first admin comes from ADMIN_EMAIL /
ADMIN_PASSWORD (server.env); no test but test_zy_last_admin.py makes another.
"""

from collections.abc import Iterator

import httpx
import pytest

from support import ADMIN_EMAIL, ADMIN_PASSWORD, Account, login, new_client, register, set_role


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with new_client() as client:
        yield client


@pytest.fixture(scope="session")
def alice() -> Account:
    with new_client() as client:
        return register(client, "alice")


@pytest.fixture(scope="session")
def bob() -> Account:
    with new_client() as client:
        return register(client, "bob")


@pytest.fixture(scope="session")
def admin() -> Account:
    with new_client() as client:
        account = login(client, ADMIN_EMAIL, ADMIN_PASSWORD)
    assert account.username == "admin" and account.role == "admin", vars(account)
    return account


@pytest.fixture(scope="session")
def moderator(admin: Account) -> Account:
    """A user the admin made a moderator; its token is the one it had as an author."""
    with new_client() as client:
        account = register(client, "mod")
        assert set_role(client, admin, account.username, "moderator").status_code == 200
    return account
