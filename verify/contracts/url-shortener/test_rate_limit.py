"""POST /shorten: at most SHORTEN_RATE_LIMIT_PER_MINUTE per client.

The test starts on a fresh client address, so its budget is untouched. Any
limiter (sliding window, token bucket, fixed window) lets the first LIMIT
through; a fixed window that turns over mid-test may let up to 2 × LIMIT, so a
429 is expected by then.
"""

import re
from email.utils import parsedate_to_datetime

from support import SHORTEN_LIMIT, assert_problem, new_client, unique_url


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


def test_shorten_is_limited_with_retry_after() -> None:
    statuses = []
    limited = None
    with new_client() as client:
        for _ in range(2 * SHORTEN_LIMIT + 1):
            response = client.post("/shorten", json={"url": unique_url()})
            statuses.append(response.status_code)
            if response.status_code == 429:
                limited = response
                break
    assert statuses[:SHORTEN_LIMIT] == [201] * SHORTEN_LIMIT, f"limited before {SHORTEN_LIMIT}: {statuses}"
    assert limited is not None, f"no 429 after {len(statuses)} links (limit {SHORTEN_LIMIT}): {statuses}"
    assert_problem(limited, 429)
    retry_after = limited.headers.get("retry-after")
    assert _retry_after_is_valid(retry_after), f"429 without a valid Retry-After: {retry_after!r}"
