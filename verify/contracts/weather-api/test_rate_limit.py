"""At most RATE_LIMIT_PER_MINUTE weather requests per client address, cache
hits included: then 429 with Retry-After.

The test starts on a fresh client address, so its budget is untouched. Any
limiter (sliding window, token bucket, fixed window) lets the first LIMIT
through; a fixed window that turns over mid-test may let up to 2 × LIMIT, so a
429 is expected by then.
"""

import re
from email.utils import parsedate_to_datetime

from support import RATE_LIMIT, assert_json, assert_problem, new_client, unique_coordinates


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


def test_cache_hits_count_toward_the_limit() -> None:
    latitude, longitude = unique_coordinates()
    statuses, caches = [], []
    limited = None
    with new_client() as client:
        for _ in range(2 * RATE_LIMIT + 1):
            response = client.get("/weather/current", params={"lat": latitude, "lon": longitude})
            statuses.append(response.status_code)
            if response.status_code == 429:
                limited = response
                break
            caches.append(response.headers.get("x-cache"))
    assert statuses[:RATE_LIMIT] == [200] * RATE_LIMIT, f"limited before {RATE_LIMIT}: {statuses}"
    assert "HIT" in caches, f"no cache hit among the answers: {caches}"
    assert limited is not None, f"no 429 after {len(statuses)} requests (limit {RATE_LIMIT}): {statuses}"
    assert_problem(limited, 429)
    retry_after = limited.headers.get("retry-after")
    assert _retry_after_is_valid(retry_after), f"429 without a valid Retry-After: {retry_after!r}"
    with new_client() as other:  # the limit is per client address, not one for everybody
        assert_json(other.get("/weather/current", params={"lat": latitude, "lon": longitude}), 200)
