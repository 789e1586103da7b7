"""A lease that expires makes the job ready again, or dead once its attempts are used up."""

import time

from queue_support import assert_job, assert_problem, enqueue, get_job, lease, settle


def test_expired_lease_is_redelivered_then_dead_when_attempts_are_used_up(api, queue):
    job = enqueue(api, queue, maxAttempts=2)
    [first] = lease(api, queue, leaseSeconds=1)
    assert lease(api, queue) == [], "a leased job must not be handed out twice"

    time.sleep(1.3)
    [second] = lease(api, queue, leaseSeconds=1)
    assert (second["id"], second["attempts"]) == (job["id"], 2)
    assert second["leaseToken"] != first["leaseToken"]
    before = get_job(api, job["id"])
    assert_problem(settle(api, first, "ack"), 409)  # the stale lease cannot act
    assert_problem(settle(api, first, "heartbeat"), 409)
    assert get_job(api, job["id"]) == before

    time.sleep(1.3)
    assert lease(api, queue) == []  # reclaims the expired lease: no attempts left
    assert_job(get_job(api, job["id"]), state="dead", attempts=2, lastError="lease expired")
    assert_problem(settle(api, second, "ack"), 409)


def test_heartbeat_keeps_a_lease_alive(api, queue):
    enqueue(api, queue)
    [job] = lease(api, queue, leaseSeconds=1)
    for _ in range(3):
        time.sleep(0.5)
        assert settle(api, job, "heartbeat", leaseSeconds=1).status_code == 200
    assert lease(api, queue) == []
    assert settle(api, job, "ack").status_code == 200
