"""Register and login: at most AUTH_RATE_LIMIT_PER_MINUTE per client address, then 429 with Retry-After."""

import re

import httpx
import pytest

from support import AUTH_LIMIT, PASSWORD, new_client, unique


def _register(client: httpx.Client) -> httpx.Response:
    return client.post("/auth/register", json={"email": f"{unique('rl')}@example.com", "password": PASSWORD, "name": "R"})


def _login(client: httpx.Client) -> httpx.Response:
    return client.post("/auth/login", json={"email": "nobody@example.com", "password": PASSWORD})


@pytest.mark.parametrize("send", [_register, _login], ids=["register", "login"])
def test_limited_per_address_with_retry_after(send) -> None:  # type: ignore[no-untyped-def]
    with new_client() as client:
        statuses, limited = [], None
        for _ in range(2 * AUTH_LIMIT + 1):
            response = send(client)
            statuses.append(response.status_code)
            if response.status_code == 429:
                limited = response
                break
    assert 429 not in statuses[:AUTH_LIMIT], f"limited before {AUTH_LIMIT} attempts: {statuses}"
    assert limited is not None, f"never limited after {len(statuses)} attempts: {statuses}"
    assert re.fullmatch(r"\d+", limited.headers.get("retry-after", "")), limited.headers
    with new_client() as other:
        assert send(other).status_code != 429, "another address shares the limit"
