"""Fixtures of the chat contract suite.

The server under test is shared by the whole session and never restarted, so
every test works in rooms of its own (unique names), with users of its own
where it needs several. Every WebSocket a test opens through `ws_client` is
closed when the test ends.
"""

from collections.abc import Callable, Iterator

import httpx
import pytest

from chat_support import BASE_URL, Client, User, create_room, register


def pytest_configure(config: pytest.Config) -> None:
    if not BASE_URL:
        raise pytest.UsageError("FOLIO_BASE_URL must name the server under test")


@pytest.fixture(scope="session")
def api() -> Iterator[httpx.Client]:
    with httpx.Client(base_url=BASE_URL, timeout=10.0) as client:
        yield client


@pytest.fixture(scope="session")
def user(api: httpx.Client) -> User:
    """One user for the session: tests are kept apart by their rooms, and hashing is slow."""
    return register(api)


@pytest.fixture
def new_user(api: httpx.Client) -> Callable[[], User]:
    """Registers another fresh user each time it is called."""
    return lambda: register(api)


@pytest.fixture
def room(api: httpx.Client, user: User) -> dict:
    return create_room(api, user)


@pytest.fixture
def ws_client() -> Iterator[Callable[[User], Client]]:
    """Opens WebSocket clients for the test and closes them all afterwards."""
    opened: list[Client] = []

    def open_client(user: User) -> Client:
        opened.append(Client(user))
        return opened[-1]

    yield open_client
    for client in opened:
        client.close()
