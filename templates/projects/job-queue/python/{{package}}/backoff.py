"""How long a failed job waits before its next attempt.

Attempt n waits `base * 2^(n - 1)` seconds plus up to 50 % random jitter, and
never more than the cap. The exponent slows retries down while a dependency
stays broken; the jitter spreads out jobs that failed together, so they don't
all come back at the same instant. Jitter is only ever added, so the wait is
never shorter than the exponential bound, unlike "full jitter", which may
retry almost at once.
"""

import random
from collections.abc import Callable
from datetime import timedelta

MAX_JITTER = 0.5


def retry_delay(
    attempts: int,
    base_seconds: int,
    max_seconds: int,
    uniform: Callable[[], float] = random.random,
) -> timedelta:
    """The wait after a job's `attempts`-th attempt failed (attempts ≥ 1).

    `uniform` returns a number in [0, 1); tests pass a fixed one. The wait is
    whole milliseconds, the precision of every timestamp the API shows.
    """
    exponential = base_seconds * 2.0 ** (attempts - 1)
    seconds = min(float(max_seconds), exponential * (1 + MAX_JITTER * uniform()))
    return timedelta(milliseconds=int(seconds * 1000))
