"""Register and login: at most AUTH_RATE_LIMIT_PER_MINUTE per client address, then 429 with Retry-After.

Each test starts on a fresh client address. Any limiter lets the first LIMIT
through; a fixed window turning over mid-test may let up to 2 × LIMIT.
"""

import httpx
import pytest

from clients import assert_limited, until_limited
from support import AUTH_LIMIT, PASSWORD, new_client, unique_name


def _register(client: httpx.Client) -> httpx.Response:
    name = unique_name("limited")
    return client.post(
        "/api/users", json={"user": {"username": name, "email": f"{name}@example.com", "password": PASSWORD}}
    )


def _login(client: httpx.Client) -> httpx.Response:
    return client.post("/api/users/login", json={"user": {"email": "nobody@example.com", "password": PASSWORD}})


@pytest.mark.parametrize("send", [_register, _login], ids=["register", "login"])
def test_limited_per_address_with_retry_after(send) -> None:  # type: ignore[no-untyped-def]
    with new_client() as client:
        statuses, limited = until_limited(lambda: send(client), 2 * AUTH_LIMIT + 1)
    assert_limited(statuses, limited, AUTH_LIMIT)
    with new_client() as other:
        assert send(other).status_code != 429, "another address shares the limit"
