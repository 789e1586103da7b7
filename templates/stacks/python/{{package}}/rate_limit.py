"""A per-client sliding-window rate limiter, kept in process memory.

In memory is enough for one process; several replicas would each allow the
full limit, and a shared store (Redis, the database) would be the next step.
Clients are told when to come back through `Retry-After`.
"""

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import cast

from fastapi import FastAPI, HTTPException, Request

from .settings import Settings


class SlidingWindowLimiter:
    """Allows at most `limit` hits per key in any window of `window` seconds."""

    def __init__(
        self,
        limit: int,
        window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._next_sweep = clock() + window

    def hit(self, key: str) -> int | None:
        """Record a hit; if it is over the limit, return the seconds to wait instead."""
        now = self._clock()
        cutoff = now - self.window
        with self._lock:
            if now >= self._next_sweep:
                self._sweep(cutoff)
                self._next_sweep = now + self.window
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= cutoff:
                hits.popleft()
            if len(hits) >= self.limit:
                return max(1, math.ceil(hits[0] - cutoff))
            hits.append(now)
            return None

    def _sweep(self, cutoff: float) -> None:
        # Drop clients that have gone quiet, so memory follows active clients only.
        for key in [key for key, hits in self._hits.items() if not hits or hits[-1] <= cutoff]:
            del self._hits[key]


class RateLimiters:
    """The limiters of one app by name, created on first use with their limit."""

    def __init__(self) -> None:
        self._limiters: dict[str, SlidingWindowLimiter] = {}
        self._lock = threading.Lock()

    def get(self, name: str, limit: int) -> SlidingWindowLimiter:
        with self._lock:
            return self._limiters.setdefault(name, SlidingWindowLimiter(limit))


_attach_lock = threading.Lock()


def limiters_of(app: FastAPI) -> RateLimiters:
    """The app's limiters, attached on its first limited request.

    Per app rather than per module, so every app a test creates starts with
    fresh budgets; attached here so the app factory need not know which
    routes are limited.
    """
    with _attach_lock:
        limiters = getattr(app.state, "rate_limiters", None)
        if limiters is None:
            limiters = app.state.rate_limiters = RateLimiters()
        return cast(RateLimiters, limiters)


def rate_limit(name: str, limit: Callable[[Settings], int]) -> Callable[[Request], None]:
    """A dependency that limits a route per client address.

    Routes given the same `name` share one budget (e.g. register and login);
    `limit` reads the per-minute allowance from the settings. The address is
    the socket peer: behind a reverse proxy, trust its forwarded header first.
    """

    def dependency(request: Request) -> None:
        limiters = limiters_of(request.app)
        settings = cast(Settings, request.app.state.settings)
        client = request.client.host if request.client else "unknown"
        retry_after = limiters.get(name, limit(settings)).hit(client)
        if retry_after is not None:
            raise HTTPException(
                status_code=429,
                detail="too many requests: try again later",
                headers={"Retry-After": str(retry_after)},
            )

    return dependency
