"""A per-client, per-route fixed-window rate limiter, kept in process memory.

Each client address gets `limit` requests per route in each window (one
minute, aligned to the clock); the window's end is what `Retry-After`
announces. In memory is enough for one process; several replicas would each
allow the full limit, and a shared store (Redis, the database) would be the
next step.
"""

import math
import threading
import time
from collections.abc import Callable
from typing import cast

from fastapi import FastAPI, HTTPException, Request

from .config import Settings


class FixedWindowLimiter:
    """Allows at most `limit` hits per key in each window of `window` seconds."""

    def __init__(
        self,
        limit: int,
        window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._lock = threading.Lock()
        self._window_start = self._start_of_window(clock())
        self._counts: dict[str, int] = {}

    def hit(self, key: str) -> int | None:
        """Record a hit; if it is over the limit, return the whole seconds until the window resets."""
        now = self._clock()
        with self._lock:
            start = self._start_of_window(now)
            if start != self._window_start:
                # A new window: every budget starts again, and memory holds only this window's clients.
                self._window_start = start
                self._counts.clear()
            count = self._counts.get(key, 0)
            if count >= self.limit:
                return max(1, math.ceil(start + self.window - now))
            self._counts[key] = count + 1
            return None

    def _start_of_window(self, now: float) -> float:
        return now - now % self.window


class RateLimiters:
    """The limiters of one app by route, created on first use with their limit."""

    def __init__(self) -> None:
        self._limiters: dict[str, FixedWindowLimiter] = {}
        self._lock = threading.Lock()

    def get(self, name: str, limit: int) -> FixedWindowLimiter:
        with self._lock:
            return self._limiters.setdefault(name, FixedWindowLimiter(limit))


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


def rate_limit(limit: Callable[[Settings], int]) -> Callable[[Request], None]:
    """A dependency that limits a route per client address.

    Each route has its own budget (register and login are counted apart);
    `limit` reads the per-minute allowance from the settings. The address is
    the socket peer: behind a reverse proxy, trust its forwarded header first.
    """

    def dependency(request: Request) -> None:
        limiters = limiters_of(request.app)
        settings = cast(Settings, request.app.state.settings)
        client = request.client.host if request.client else "unknown"
        route = f"{request.method} {request.scope['route'].path}"
        retry_after = limiters.get(route, limit(settings)).hit(client)
        if retry_after is not None:
            raise HTTPException(
                status_code=429,
                detail="too many requests: try again later",
                headers={"Retry-After": str(retry_after)},
            )

    return dependency
