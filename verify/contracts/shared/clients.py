"""What every contract suite's clients share (the runner puts this folder on
PYTHONPATH for the contract step): each client binds a fresh source address
in 127.0.0.0/8 (all of it is loopback on Linux), so per-address rate limits
never let one test eat another's budget, and the rate-limit tests count from
zero whatever ran before them."""

import os
import random
import socket
from collections.abc import Callable

import httpx

BASE_URL = os.environ["FOLIO_BASE_URL"].rstrip("/")
TIMEOUT = httpx.Timeout(30.0)


def _loopback_addresses_work() -> bool:
    try:
        with socket.socket() as probe:
            probe.bind(("127.3.2.1", 0))
        return True
    except OSError:
        return False


_ALIASES = _loopback_addresses_work()
_next_address = random.randrange(1 << 22)


def fresh_address() -> str | None:
    """A loopback source address no earlier client of this run used (None where only 127.0.0.1 works)."""
    global _next_address
    if not _ALIASES:
        return None
    while True:
        _next_address += 1
        n = (1 << 22) + _next_address % (1 << 22)  # 127.64.0.0 – 127.127.255.255: never 127.0.0.1
        if n & 0xFF not in (0, 255):
            return f"127.{(n >> 16) & 0xFF}.{(n >> 8) & 0xFF}.{n & 0xFF}"


def new_client(connections: int = 10) -> httpx.Client:
    transport = httpx.HTTPTransport(local_address=fresh_address(), limits=httpx.Limits(max_connections=connections))
    return httpx.Client(base_url=BASE_URL, timeout=TIMEOUT, transport=transport, follow_redirects=False)


def until_limited(send: Callable[[], httpx.Response], attempts: int) -> tuple[list[int], httpx.Response | None]:
    """Send until the first 429 (returned) or `attempts` answers; every status seen, in order."""
    statuses = []
    for _ in range(attempts):
        response = send()
        statuses.append(response.status_code)
        if response.status_code == 429:
            return statuses, response
    return statuses, None


def assert_limited(statuses: list[int], limited: httpx.Response | None, limit: int) -> None:
    """`until_limited`'s answer for a limit of `limit` a minute: the first `limit` went through, then a 429
    with a Retry-After of whole seconds (any limiter lets the first `limit` pass; a fixed window turning
    over mid-test may let up to 2 × `limit`)."""
    assert 429 not in statuses[:limit], f"limited before {limit} attempts: {statuses}"
    assert limited is not None, f"never limited after {len(statuses)} attempts: {statuses}"
    retry_after = limited.headers.get("retry-after", "")
    assert retry_after.isdigit() and int(retry_after) >= 1, f"429 without a valid Retry-After: {retry_after!r}"
