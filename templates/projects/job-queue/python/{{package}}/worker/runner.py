"""The worker loop: lease, run, heartbeat, report, and stop cleanly.

Each leased job runs in its own thread, up to `concurrency` at once, while
one more thread heartbeats every lease a third of the way through its
length, so a long job keeps a short lease alive. `stop()` (on SIGTERM or
Ctrl-C) stops leasing; running jobs get `shutdown_seconds` to finish, still
heartbeating, and whatever is still running then is nacked with
"worker shutting down". That is the contract's only way to hand a job back:
the nack counts as a failed attempt, so the job is retried after its backoff
like any other failure, or goes dead if that was its last attempt; give jobs
a grace period (`WORKER_SHUTDOWN_SECONDS`) longer than they run to avoid it.
(The handler's thread is abandoned; if it was half-way through a side
effect, the job runs again: delivery is at least once, as after a crash.)
"""

import json
import logging
import threading
import time
from collections.abc import Callable

import httpx2

from .client import Lease, LeaseLostError, QueueClient
from .handlers import HandlerRegistry

logger = logging.getLogger(__name__)

MAX_ERROR_LENGTH = 10_000
# The lastError of a job still running when its grace period ran out.
SHUTDOWN_ERROR = "worker shutting down"


class Worker:
    def __init__(
        self,
        client: QueueClient,
        registry: HandlerRegistry,
        *,
        queue: str,
        worker_id: str,
        concurrency: int = 4,
        lease_seconds: int = 30,
        poll_seconds: float = 1.0,
        shutdown_seconds: float = 8.0,
    ) -> None:
        self.client = client
        self.registry = registry
        self.queue = queue
        self.worker_id = worker_id
        self.concurrency = concurrency
        self.lease_seconds = lease_seconds
        self.poll_seconds = poll_seconds
        self.shutdown_seconds = shutdown_seconds
        # A plain flag, not an Event: stop() runs in a signal handler, which must
        # not take a lock that the interrupted main thread might be holding.
        self._stop_requested = False
        self._finished = threading.Event()
        self._lock = threading.Lock()
        self._held: dict[str, Lease] = {}
        self._threads: list[threading.Thread] = []

    def stop(self) -> None:
        """Stop leasing and shut down; safe to call from a signal handler."""
        self._stop_requested = True

    def run(self) -> None:
        logger.info("worker %s serving queue %r", self.worker_id, self.queue)
        heartbeats = threading.Thread(target=self._heartbeat_loop, name="heartbeats", daemon=True)
        heartbeats.start()
        while not self._stop_requested:
            self._threads = [thread for thread in self._threads if thread.is_alive()]
            free = self.concurrency - len(self._threads)
            leases = self._lease(free) if free > 0 else []
            for lease in leases:
                # Daemon threads: a handler stuck past the grace period must not keep
                # the process alive once its job has been nacked.
                thread = threading.Thread(target=self._run_job, args=(lease,), daemon=True)
                self._threads.append(thread)
                thread.start()
            if not leases:
                time.sleep(self.poll_seconds)
        self._shut_down()
        self._finished.set()
        heartbeats.join()
        logger.info("worker %s stopped", self.worker_id)

    def _lease(self, limit: int) -> list[Lease]:
        try:
            leases = self.client.lease(self.queue, self.worker_id, self.lease_seconds, limit)
        except httpx2.HTTPError as error:
            logger.warning("could not lease jobs: %s", error)
            return []
        with self._lock:
            self._held.update((lease.job_id, lease) for lease in leases)
        return leases

    def _run_job(self, lease: Lease) -> None:
        handler = self.registry.get(lease.type)
        try:
            if handler is None:
                raise LookupError(f"no handler for job type {lease.type!r}")
            result = handler(lease.payload)
            json.dumps(result)  # a result the API cannot take fails here, as the handler's fault
        except Exception as error:
            logger.warning("job %s (%s) failed: %s", lease.job_id, lease.type, error)
            message = f"{type(error).__name__}: {error}"[:MAX_ERROR_LENGTH]
            self._report(lease, lambda: self.client.nack(lease, message))
        else:
            logger.info("job %s (%s) completed", lease.job_id, lease.type)
            self._report(lease, lambda: self.client.ack(lease, result))

    def _report(self, lease: Lease, send: Callable[[], None]) -> None:
        """Send a job's outcome, unless shutting down has already nacked it."""
        with self._lock:
            if self._held.pop(lease.job_id, None) is None:
                return
        try:
            send()
        except LeaseLostError:
            logger.warning("job %s: lease lost, its outcome was discarded", lease.job_id)
        except httpx2.HTTPError as error:
            # The lease will run out and the job will run again: at least once.
            logger.warning("job %s: could not report its outcome: %s", lease.job_id, error)

    def _shut_down(self) -> None:
        deadline = time.monotonic() + self.shutdown_seconds
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        with self._lock:
            unfinished = list(self._held.values())
            self._held.clear()
        for lease in unfinished:
            logger.warning("job %s: still running at shutdown, nacking it", lease.job_id)
            try:
                self.client.nack(lease, SHUTDOWN_ERROR)
            except LeaseLostError:
                logger.warning("job %s: lease lost, another worker may run it", lease.job_id)
            except httpx2.HTTPError as error:
                # Its lease will run out instead, and the lease expiry will count the attempt.
                logger.warning("job %s: could not nack it: %s", lease.job_id, error)

    def _heartbeat_loop(self) -> None:
        while not self._finished.wait(self.lease_seconds / 3):
            with self._lock:
                held = list(self._held.values())
            for lease in held:
                try:
                    self.client.heartbeat(lease, self.lease_seconds)
                except LeaseLostError:
                    logger.warning("job %s: lease lost, another worker may run it", lease.job_id)
                    with self._lock:
                        self._held.pop(lease.job_id, None)
                except httpx2.HTTPError as error:
                    logger.warning("job %s: heartbeat failed: %s", lease.job_id, error)
