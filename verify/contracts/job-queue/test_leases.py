"""POST /queues/{queue}/leases: what is ready, in which order, and with which lease."""

import time
from datetime import timedelta

import pytest

from queue_support import (
    assert_problem,
    enqueue,
    from_now,
    get_job,
    lease,
    now,
    parse_timestamp,
)


def test_leases_follow_priority_then_run_at_then_creation(api, queue):
    old, mid = from_now(-60), from_now(-30)
    jobs = {
        "p0-mid": enqueue(api, queue, priority=0, runAt=mid),
        "p5-now": enqueue(api, queue, priority=5),
        "p-3-now": enqueue(api, queue, priority=-3),
        "p5-mid-first": enqueue(api, queue, priority=5, runAt=mid),
        "p5-mid-second": enqueue(api, queue, priority=5, runAt=mid),
        "p0-old": enqueue(api, queue, priority=0, runAt=old),
        "p1000-future": enqueue(api, queue, priority=1000, runAt=from_now(3600)),
        "p-1000-old": enqueue(api, queue, priority=-1000, runAt=old),
    }
    names = {job["id"]: name for name, job in jobs.items()}
    order = []
    for _ in range(len(jobs)):
        leased = lease(api, queue)  # max defaults to 1
        assert len(leased) <= 1
        order += [names[job["id"]] for job in leased]
    assert order == [
        "p5-mid-first",
        "p5-mid-second",
        "p5-now",
        "p0-old",
        "p0-mid",
        "p-3-now",
        "p-1000-old",
    ]
    assert get_job(api, jobs["p1000-future"]["id"])["state"] == "scheduled"


def test_lease_sets_running_attempts_token_and_expiry(api, queue):
    job = enqueue(api, queue, maxAttempts=3)
    time.sleep(0.01)  # so that updatedAt can be later
    before = now()
    [leased] = lease(api, queue, leaseSeconds=120, max=5)
    after = now()
    assert leased["id"] == job["id"]
    assert (leased["state"], leased["attempts"], leased["maxAttempts"]) == ("running", 1, 3)
    expires = parse_timestamp(leased["leaseExpiresAt"])
    lease_time, slack = timedelta(seconds=120), timedelta(seconds=1)
    assert before + lease_time - slack <= expires <= after + lease_time + slack
    assert parse_timestamp(leased["updatedAt"]) > parse_timestamp(job["updatedAt"])
    stored = get_job(api, job["id"])
    assert (stored["state"], stored["attempts"]) == ("running", 1)
    assert stored["leaseExpiresAt"] == leased["leaseExpiresAt"]


def test_default_lease_is_30_seconds_and_one_job(api, queue):
    for _ in range(3):
        enqueue(api, queue)
    before = now()
    [leased] = lease(api, queue)
    expires = parse_timestamp(leased["leaseExpiresAt"])
    assert abs(expires - (before + timedelta(seconds=30))) < timedelta(seconds=2)
    assert len(lease(api, queue, max=100)) == 2


def test_nothing_ready_is_an_empty_list(api, queue):
    assert lease(api, queue) == []
    enqueue(api, queue, runAt=from_now(3600))
    assert lease(api, queue, max=10) == []


def test_lease_tokens_are_distinct(api, queue):
    for _ in range(5):
        enqueue(api, queue)
    leased = lease(api, queue, max=5)
    assert len({job["leaseToken"] for job in leased}) == 5
    assert len({job["id"] for job in leased}) == 5


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "workerId"),
        ({"workerId": 7}, "workerId"),
        ({"workerId": None}, "workerId"),
        ({"workerId": "w", "leaseSeconds": 0}, "leaseSeconds"),
        ({"workerId": "w", "leaseSeconds": 3601}, "leaseSeconds"),
        ({"workerId": "w", "leaseSeconds": "30"}, "leaseSeconds"),
        ({"workerId": "w", "max": 0}, "max"),
        ({"workerId": "w", "max": 101}, "max"),
        ({"workerId": "w", "max": 2.5}, "max"),
        ({"workerId": "w", "max": True}, "max"),
    ],
)
def test_invalid_lease_request_is_400(api, queue, body, field):
    enqueue(api, queue)
    assert_problem(api.post(f"/queues/{queue}/leases", json=body), 400, (field,))
    assert get_job(api, lease(api, queue)[0]["id"])["attempts"] == 1  # nothing was leased


def test_lease_body_that_is_not_json_is_400_naming_body(api, queue):
    response = api.post(
        f"/queues/{queue}/leases", content=b"worker", headers={"Content-Type": "application/json"}
    )
    assert_problem(response, 400, ("body",))
