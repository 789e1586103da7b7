"""Login and register are rate limited per client address, with Retry-After.

Runs last (by file name), since it spends the budget. When the server is on
the loopback interface, requests come from 127.0.0.2, a client address of
their own, so the budget is spent exactly; otherwise they share the suite's
address, which has used part of it already, and more of them are refused.
The requests are sent concurrently so that they all fall within one minute
even when checking passwords is slow on a loaded machine.
"""

from concurrent.futures import ThreadPoolExecutor
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx
import pytest

from auth_support import BASE_URL, PASSWORD, assert_problem, env_int, unique_email

LIMIT = env_int("AUTH_RATE_LIMIT_PER_MINUTE", 20)
EXTRA = 5


def connect() -> httpx.Client:
    if urlsplit(BASE_URL).hostname in ("127.0.0.1", "localhost"):
        transport = httpx.HTTPTransport(local_address="127.0.0.2")
        client = httpx.Client(base_url=BASE_URL, timeout=60.0, transport=transport)
        try:
            client.get("/healthz")
            return client
        except httpx.TransportError:  # no 127.0.0.2 here: share the suite's address
            client.close()
    return httpx.Client(base_url=BASE_URL, timeout=60.0)


@pytest.fixture
def client():
    client = connect()
    yield client
    client.close()


def assert_rate_limited(response: httpx.Response) -> None:
    assert_problem(response, 429)
    retry_after = response.headers.get("Retry-After", "")
    if retry_after.isdigit():
        assert 1 <= int(retry_after) <= 60, retry_after
    else:
        assert parsedate_to_datetime(retry_after), f"Retry-After {retry_after!r}"


def burst(send, count: int) -> list[httpx.Response]:
    with ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(lambda _: send(), range(count)))


def spend(client: httpx.Client, path: str, invalid: dict, valid) -> httpx.Response:
    """Send more requests to `path` than a minute allows; return the first 429.

    Cheap invalid requests go first: a server that counts them is limited
    without checking a single password. A server that validates before it
    counts answers them all with 400, and then well-formed requests (made by
    `valid()`) spend the budget.
    """
    responses = burst(lambda: client.post(path, json=invalid), LIMIT + EXTRA)
    expected = 400
    if all(response.status_code == 400 for response in responses):
        responses = burst(lambda: client.post(path, json=valid()), LIMIT + EXTRA)
        expected = 201 if path.endswith("register") else 401
    refused = [response for response in responses if response.status_code == 429]
    assert len(responses) - len(refused) <= LIMIT, f"over {LIMIT} requests allowed in a minute"
    answered = [response.status_code for response in responses if response not in refused]
    assert set(answered) <= {expected}, answered
    return refused[0]


def test_login_is_limited_with_retry_after(client):
    valid = {"email": unique_email("limit"), "password": PASSWORD}
    assert_rate_limited(spend(client, "/auth/login", {"email": valid["email"]}, lambda: valid))


def test_register_is_limited_too(client):
    # Register may share login's budget, spent above, or have one of its own.
    def valid() -> dict:
        return {"email": unique_email("limit"), "password": PASSWORD, "name": "Limit"}

    invalid = valid() | {"password": "short"}
    assert_rate_limited(spend(client, "/auth/register", invalid, valid))
