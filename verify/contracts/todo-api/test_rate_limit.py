"""POST /register and POST /login: at most AUTH_RATE_LIMIT_PER_MINUTE per client address.

Each test starts on a fresh client address, so its budget is untouched. Any
limiter (sliding window, token bucket, fixed window) lets the first LIMIT
through; a fixed window that turns over mid-test may let up to 2 × LIMIT, so a
429 is expected by then.
"""

import re
from email.utils import parsedate_to_datetime

import httpx

from clients import until_limited
from support import AUTH_LIMIT, PASSWORD, assert_json, assert_problem, new_client, register, unique_email


def _retry_after_is_valid(value: str | None) -> bool:
    if value is None:
        return False
    if re.fullmatch(r"\d+", value.strip()):
        return int(value) >= 1
    try:
        parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return False
    return True


def _assert_limited_after(statuses: list[int], limited: httpx.Response | None, expected_ok: int) -> None:
    assert 429 not in statuses[:AUTH_LIMIT], f"limited before {AUTH_LIMIT} attempts: {statuses}"
    assert all(status == expected_ok for status in statuses[:AUTH_LIMIT]), statuses
    assert limited is not None, f"no 429 after {len(statuses)} attempts (limit {AUTH_LIMIT}): {statuses}"
    assert_problem(limited, 429)
    retry_after = limited.headers.get("retry-after")
    assert _retry_after_is_valid(retry_after), f"429 without a valid Retry-After: {retry_after!r}"


def test_login_is_limited_per_address_with_retry_after() -> None:
    with new_client() as setup:
        email = unique_email()
        register(setup, email=email)
    with new_client() as client:
        statuses, limited = until_limited(
            lambda: client.post("/login", json={"email": email, "password": "wrong password"}), 2 * AUTH_LIMIT + 1
        )
        _assert_limited_after(statuses, limited, 401)
        # Even the right password waits now.
        assert client.post("/login", json={"email": email, "password": PASSWORD}).status_code == 429
    with new_client() as elsewhere:
        # Another address has its own budget.
        assert_json(elsewhere.post("/login", json={"email": email, "password": PASSWORD}), 200)


def test_register_is_limited_per_address_with_retry_after() -> None:
    with new_client() as client:
        statuses, limited = until_limited(
            lambda: client.post("/register", json={"name": "Rate", "email": unique_email(), "password": PASSWORD}),
            2 * AUTH_LIMIT + 1,
        )
        _assert_limited_after(statuses, limited, 201)
    with new_client() as elsewhere:
        register(elsewhere)
