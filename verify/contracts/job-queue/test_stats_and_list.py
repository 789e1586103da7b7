"""GET /queues/{queue}/stats and GET /queues/{queue}/jobs, over a queue with a job in each state."""

import pytest

from queue_support import (
    STATES,
    assert_job,
    assert_problem,
    enqueue,
    from_now,
    lease,
    settle,
    unique_queue,
)


@pytest.fixture(scope="module")
def mixed(api) -> tuple[str, dict[str, set[str]]]:
    """A queue with 3 available jobs and one in every other state; ids by state."""
    queue = unique_queue("mixed")
    cancelled = enqueue(api, queue)
    assert api.post(f"/jobs/{cancelled['id']}/cancel").status_code == 200
    enqueue(api, queue, priority=10)
    enqueue(api, queue, priority=9)
    enqueue(api, queue, priority=8, maxAttempts=1)
    completed, running, dead = lease(api, queue, max=3, leaseSeconds=600)
    assert settle(api, completed, "ack").status_code == 200
    assert settle(api, dead, "nack", error="gone").status_code == 200
    available = {enqueue(api, queue)["id"] for _ in range(3)}
    scheduled = enqueue(api, queue, runAt=from_now(3600))
    ids = {
        "available": available,
        "scheduled": {scheduled["id"]},
        "running": {running["id"]},
        "completed": {completed["id"]},
        "dead": {dead["id"]},
        "cancelled": {cancelled["id"]},
    }
    return queue, ids


def test_stats_count_each_state(api, mixed):
    queue, ids = mixed
    response = api.get(f"/queues/{queue}/stats")
    assert response.status_code == 200, response.text
    assert response.json() == {state: len(ids[state]) for state in STATES}


def test_stats_of_an_unused_queue_are_zero(api):
    response = api.get(f"/queues/{unique_queue()}/stats")
    assert response.status_code == 200, response.text
    assert response.json() == dict.fromkeys(STATES, 0)


@pytest.mark.parametrize("state", STATES)
def test_list_filters_by_state(api, mixed, state):
    queue, ids = mixed
    response = api.get(f"/queues/{queue}/jobs", params={"state": state})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["page"], body["limit"], body["total"]) == (1, 10, len(ids[state]))
    assert {job["id"] for job in body["data"]} == ids[state]
    for job in body["data"]:
        assert_job(job, queue=queue, state=state)


def test_list_pages_through_all_jobs(api, mixed):
    queue, ids = mixed
    everything = set().union(*ids.values())
    seen = []
    for page in (1, 2, 3):
        response = api.get(f"/queues/{queue}/jobs", params={"page": page, "limit": 3})
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["page"], body["limit"], body["total"]) == (page, 3, len(everything))
        assert len(body["data"]) == min(3, len(everything) - 3 * (page - 1))
        seen += [job["id"] for job in body["data"]]
    assert len(seen) == len(set(seen)) == len(everything)
    assert set(seen) == everything
    empty = api.get(f"/queues/{queue}/jobs", params={"page": 4, "limit": 3}).json()
    assert empty["data"] == []
    assert empty["total"] == len(everything)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"state": "sleeping"}, "state"),
        ({"page": 0}, "page"),
        ({"page": "first"}, "page"),
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": "1.5"}, "limit"),
    ],
)
def test_bad_list_parameters_are_400(api, mixed, params, field):
    queue, _ = mixed
    assert_problem(api.get(f"/queues/{queue}/jobs", params=params), 400, (field,))
