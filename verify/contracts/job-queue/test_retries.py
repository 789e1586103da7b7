"""Nack with backoff, dead letters, retry and cancel."""

import os
import time
import uuid
from datetime import timedelta

import pytest

from queue_support import (
    RETRY_BASE_SECONDS,
    assert_job,
    assert_problem,
    enqueue,
    from_now,
    get_job,
    lease,
    now,
    parse_timestamp,
    settle,
)

SLACK = timedelta(milliseconds=50)
RETRY_MAX = timedelta(seconds=float(os.environ.get("RETRY_MAX_SECONDS", "3600")))


def nack_and_check_backoff(api, job: dict, error: str) -> dict:
    """Nack `job` and check its new runAt.

    The delay is base × 2^(attempts−1), plus at most 50 % jitter, capped by RETRY_MAX_SECONDS.
    """
    delay = timedelta(seconds=RETRY_BASE_SECONDS * 2 ** (job["attempts"] - 1))
    shortest, longest = min(delay, RETRY_MAX), min(delay * 1.5, RETRY_MAX)
    before = now()
    response = settle(api, job, "nack", error=error)
    after = now()
    assert response.status_code == 200, response.text
    # The table says `available` with a later runAt, the States paragraph `scheduled`.
    nacked = assert_job(response.json(), attempts=job["attempts"], lastError=error)
    assert nacked["state"] in ("scheduled", "available"), nacked
    assert nacked["leaseExpiresAt"] is None
    run_at = parse_timestamp(nacked["runAt"])
    assert before + shortest - SLACK <= run_at <= after + longest + SLACK, (
        f"runAt {run_at} for a delay of {delay} (at most {RETRY_MAX}) after {before}"
    )
    return nacked


def wait_for_run_at(job: dict) -> None:
    time.sleep(max(0.0, (parse_timestamp(job["runAt"]) - now()).total_seconds()) + 0.1)


@pytest.mark.skipif(
    RETRY_BASE_SECONDS > 1 or RETRY_MAX.total_seconds() > 3,
    reason="needs RETRY_BASE_SECONDS=1 and RETRY_MAX_SECONDS of at most 3 to finish quickly",
)
def test_nack_backs_off_exponentially_up_to_the_cap_and_the_job_comes_back(api, queue):
    enqueue(api, queue, maxAttempts=4)
    [first] = lease(api, queue)
    nacked = nack_and_check_backoff(api, first, "boom 1")
    assert lease(api, queue) == [], "a nacked job must wait for its runAt"

    wait_for_run_at(nacked)
    [second] = lease(api, queue)
    assert (second["id"], second["attempts"], second["lastError"]) == (first["id"], 2, "boom 1")
    nacked = nack_and_check_backoff(api, second, "boom 2")

    wait_for_run_at(nacked)
    [third] = lease(api, queue)
    assert (third["id"], third["attempts"]) == (first["id"], 3)
    nack_and_check_backoff(api, third, "boom 3")  # 4 s or more, but capped


def test_nack_without_attempts_left_is_dead_and_retry_revives_it(api, queue):
    enqueue(api, queue, maxAttempts=1)
    [job] = lease(api, queue)
    response = settle(api, job, "nack", error="fatal")
    assert response.status_code == 200, response.text
    assert_job(response.json(), state="dead", attempts=1, lastError="fatal")
    assert lease(api, queue) == []

    retried = api.post(f"/jobs/{job['id']}/retry")
    assert retried.status_code == 200, retried.text
    assert_job(retried.json(), state="available", attempts=0, lastError="fatal")
    [again] = lease(api, queue)
    assert (again["id"], again["attempts"]) == (job["id"], 1)
    assert_problem(api.post(f"/jobs/{job['id']}/retry"), 409)  # running, not dead


def test_retry_of_a_job_that_is_not_dead_is_409(api, queue):
    job = enqueue(api, queue)
    assert_problem(api.post(f"/jobs/{job['id']}/retry"), 409)
    assert get_job(api, job["id"]) == job
    assert_problem(api.post(f"/jobs/{uuid.uuid4()}/retry"), 404)


@pytest.mark.parametrize("run_at", [None, from_now(3600)], ids=["available", "scheduled"])
def test_cancel_available_or_scheduled_job(api, queue, run_at):
    job = enqueue(api, queue, **({"runAt": run_at} if run_at else {}))
    response = api.post(f"/jobs/{job['id']}/cancel")
    assert response.status_code == 200, response.text
    assert_job(response.json(), id=job["id"], state="cancelled")
    assert lease(api, queue, max=10) == []
    assert_problem(api.post(f"/jobs/{job['id']}/cancel"), 409)
    assert_problem(api.post(f"/jobs/{job['id']}/retry"), 409)


def test_cancel_is_409_for_running_completed_and_dead_jobs(api, queue):
    enqueue(api, queue, priority=2)
    enqueue(api, queue, priority=1)
    enqueue(api, queue, priority=0, maxAttempts=1)
    running, completing, dying = lease(api, queue, max=3, leaseSeconds=300)
    assert settle(api, completing, "ack").status_code == 200
    assert settle(api, dying, "nack", error="no").json()["state"] == "dead"
    for job in (running, completing, dying):
        before = get_job(api, job["id"])
        assert_problem(api.post(f"/jobs/{job['id']}/cancel"), 409)
        assert get_job(api, job["id"]) == before
    assert_problem(api.post(f"/jobs/{uuid.uuid4()}/cancel"), 404)
