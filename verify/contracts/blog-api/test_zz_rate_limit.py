"""Register and login: at most AUTH_RATE_LIMIT_PER_MINUTE per client address, then 429 with Retry-After.

Each test starts on a fresh client address. Any limiter lets the first LIMIT
through; a fixed window turning over mid-test may let up to 2 × LIMIT.
"""

import re

import httpx
import pytest

from support import AUTH_LIMIT, PASSWORD, new_client, unique_name


def _register(client: httpx.Client) -> httpx.Response:
    name = unique_name("limited")
    return client.post("/api/users", json={"user": {"username": name, "email": f"{name}@example.com", "password": PASSWORD}})


def _login(client: httpx.Client) -> httpx.Response:
    return client.post("/api/users/login", json={"user": {"email": "nobody@example.com", "password": PASSWORD}})


@pytest.mark.parametrize("send", [_register, _login], ids=["register", "login"])
def test_limited_per_address_with_retry_after(send) -> None:  # type: ignore[no-untyped-def]
    with new_client() as client:
        statuses = []
        limited = None
        for _ in range(2 * AUTH_LIMIT + 1):
            response = send(client)
            statuses.append(response.status_code)
            if response.status_code == 429:
                limited = response
                break
    assert 429 not in statuses[:AUTH_LIMIT], f"limited before {AUTH_LIMIT} attempts: {statuses}"
    assert limited is not None, f"never limited after {len(statuses)} attempts: {statuses}"
    retry_after = limited.headers.get("retry-after", "")
    assert re.fullmatch(r"\d+", retry_after) and int(retry_after) >= 1, f"Retry-After {retry_after!r}"
    with new_client() as other:
        assert send(other).status_code != 429, "another address shares the limit"
