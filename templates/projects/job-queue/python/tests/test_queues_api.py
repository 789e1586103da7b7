from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import Json, enqueue, lease, lease_one


def listing(client: TestClient, queue: str = "default", **params: Any) -> Json:
    response = client.get(f"/queues/{queue}/jobs", params=params)
    assert response.status_code == 200, response.text
    page: Json = response.json()
    return page


def test_stats_count_every_state(client: TestClient) -> None:
    enqueue(client)
    enqueue(client, runAt="2999-01-01T00:00:00Z")
    running = enqueue(client, priority=3)
    done = enqueue(client, priority=2)
    dead = enqueue(client, priority=1, maxAttempts=1)
    cancelled = enqueue(client, runAt="2999-01-01T00:00:00Z")
    leases = {job["id"]: job["leaseToken"] for job in lease(client, max=3)}
    client.post(f"/jobs/{done['id']}/ack", json={"leaseToken": leases[done["id"]]})
    client.post(f"/jobs/{dead['id']}/nack", json={"leaseToken": leases[dead["id"]], "error": "x"})
    client.post(f"/jobs/{cancelled['id']}/cancel")
    enqueue(client, "other")

    response = client.get("/queues/default/stats")

    assert response.status_code == 200
    assert response.json() == {
        "available": 1,
        "scheduled": 1,
        "running": 1,
        "completed": 1,
        "dead": 1,
        "cancelled": 1,
    }
    assert running["id"] in leases


def test_an_unknown_queue_has_no_jobs(client: TestClient) -> None:
    assert client.get("/queues/nothing-here/stats").json() == dict.fromkeys(
        ["available", "scheduled", "running", "completed", "dead", "cancelled"], 0
    )
    assert listing(client, "nothing-here") == {"data": [], "page": 1, "limit": 10, "total": 0}


def test_the_list_pages_through_a_queue_oldest_first(client: TestClient) -> None:
    ids = [enqueue(client, payload={"n": n})["id"] for n in range(5)]
    enqueue(client, "other")

    first = listing(client, limit=2)
    last = listing(client, page=3, limit=2)

    assert [job["id"] for job in first["data"]] == ids[:2]
    assert (first["page"], first["limit"], first["total"]) == (1, 2, 5)
    assert [job["id"] for job in last["data"]] == ids[4:]
    assert listing(client, page=4, limit=2)["data"] == []
    assert ids == sorted(ids)


def test_the_list_filters_by_state(client: TestClient) -> None:
    waiting = enqueue(client)
    scheduled = enqueue(client, runAt="2999-01-01T00:00:00Z")
    running = enqueue(client, priority=1)
    lease_one(client)

    def ids(state: str) -> list[str]:
        return [job["id"] for job in listing(client, state=state)["data"]]

    assert ids("available") == [waiting["id"]]
    assert ids("scheduled") == [scheduled["id"]]
    assert ids("running") == [running["id"]]
    assert ids("dead") == []
    assert listing(client, state="running")["data"][0]["leaseExpiresAt"] is not None
    assert "leaseToken" not in listing(client, state="running")["data"][0]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"state": "done"}, "state"),
        ({"state": ""}, "state"),
        ({"page": 0}, "page"),
        ({"page": "one"}, "page"),
        ({"page": "1.0"}, "page"),
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": "1e1"}, "limit"),
    ],
)
def test_bad_list_parameters_are_400(client: TestClient, params: Json, field: str) -> None:
    response = client.get("/queues/default/jobs", params=params)

    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == [field]


def test_a_huge_page_is_an_empty_page(client: TestClient) -> None:
    enqueue(client)

    assert listing(client, page=2**62, limit=100)["data"] == []
