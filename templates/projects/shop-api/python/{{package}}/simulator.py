"""The payment simulator's settlement: a pending payment settles through the webhook.

A real processor answers some payments `pending` and settles them later by
calling the shop's webhook. The simulator does the same, in process: after
PAYMENT_SETTLE_SECONDS it POSTs a signed `payment.succeeded` event over HTTP
to PAYMENT_WEBHOOK_URL (this server's own webhook by default), so every
settlement, the simulator's included, goes through the one signed path.

A delivery that fails (no answer within 5 s, a network error, any status
but 2xx) is retried after 1, 2, 4 and 8 s, with the same event id each time
(the handler applies an id once), then logged as given up. Timers live in
this process: on shutdown they are cancelled, and at start-up every payment
still pending is scheduled again, so a restart strands none.
"""

import asyncio
import json
import logging
import secrets
import time
from collections.abc import Sequence

import httpx2

from .signatures import HEADER, sign

logger = logging.getLogger(__name__)

# The waits between attempts: five attempts in all.
BACKOFF_SECONDS: Sequence[float] = (1, 2, 4, 8)
ATTEMPT_TIMEOUT_SECONDS = 5.0


def new_event_id() -> str:
    return f"evt_{secrets.token_hex(16)}"


def settlement_event(event_id: str, payment_id: int) -> bytes:
    event = {"id": event_id, "type": "payment.succeeded", "data": {"paymentId": payment_id}}
    return json.dumps(event, separators=(",", ":")).encode()


class Settler:
    """Schedules settlements on the server's event loop; `schedule` may be called from any thread."""

    def __init__(
        self,
        url: str,
        secret: str,
        delay_seconds: float,
        backoff_seconds: Sequence[float] | None = None,
        timeout_seconds: float = ATTEMPT_TIMEOUT_SECONDS,
    ) -> None:
        self.url = url
        self._secret = secret
        self.delay_seconds = delay_seconds
        self.backoff_seconds = tuple(
            BACKOFF_SECONDS if backoff_seconds is None else backoff_seconds
        )
        self.timeout_seconds = timeout_seconds
        self._loop: asyncio.AbstractEventLoop | None = None
        self._client: httpx2.AsyncClient | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._client = httpx2.AsyncClient(timeout=self.timeout_seconds)

    async def close(self) -> None:
        """Cancel every pending timer and delivery; the next start-up schedules them again."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()
        self._loop = None

    def schedule(self, payment_id: int) -> None:
        """Settle this pending payment after the delay (from a request's thread or the loop)."""
        loop = self._loop
        if loop is None:
            logger.warning("the simulator is not running: payment %s stays pending", payment_id)
            return
        loop.call_soon_threadsafe(self._spawn, payment_id)

    def _spawn(self, payment_id: int) -> None:
        task = asyncio.get_running_loop().create_task(self._settle(payment_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _settle(self, payment_id: int) -> None:
        await asyncio.sleep(self.delay_seconds)
        event_id = new_event_id()
        raw = settlement_event(event_id, payment_id)
        context = {"payment_id": payment_id, "event_id": event_id}
        waits: list[float | None] = [*self.backoff_seconds, None]
        for attempt, wait in enumerate(waits, start=1):
            failure = await self._deliver(raw)
            if failure is None:
                logger.info("settlement delivered", extra={**context, "attempt": attempt})
                return
            if wait is None:
                logger.warning(
                    "settlement given up after %d attempts: %s",
                    attempt,
                    failure,
                    extra=context,
                )
                return
            logger.info(
                "settlement delivery failed (%s); retrying in %s s",
                failure,
                wait,
                extra={**context, "attempt": attempt},
            )
            await asyncio.sleep(wait)

    async def _deliver(self, raw: bytes) -> str | None:
        """One attempt; None when the webhook answered 2xx, else what went wrong."""
        if self._client is None:
            return "the simulator is not running"
        # Signed afresh each attempt: a retry minutes later must not look stale.
        headers = {
            "Content-Type": "application/json",
            HEADER: sign(self._secret, int(time.time()), raw),
        }
        try:
            async with asyncio.timeout(self.timeout_seconds):
                response = await self._client.post(self.url, content=raw, headers=headers)
        except (TimeoutError, httpx2.TimeoutException):
            return f"no answer within {self.timeout_seconds} s"
        except httpx2.HTTPError as error:
            return f"{type(error).__name__}"
        if 200 <= response.status_code < 300:
            return None
        return f"the webhook answered {response.status_code}"
