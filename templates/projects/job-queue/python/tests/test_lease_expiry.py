"""Leases that run out, and leases taken concurrently."""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient

from .conftest import enqueue, lease, lease_one, travel


def test_an_expired_lease_is_reclaimed_by_the_next_lease_request(
    app: FastAPI, client: TestClient
) -> None:
    job = enqueue(client)
    first = lease_one(client, leaseSeconds=30)
    travel(app, timedelta(seconds=31))

    # Until someone asks for work, nothing changes (see the README's trade-offs).
    assert client.get(f"/jobs/{job['id']}").json()["state"] == "running"
    second = lease_one(client, workerId="w2")

    assert second["id"] == job["id"]
    assert second["attempts"] == 2
    assert second["leaseToken"] != first["leaseToken"]
    assert second["lastError"] == "lease expired"


def test_the_worker_whose_lease_expired_is_fenced_out(app: FastAPI, client: TestClient) -> None:
    enqueue(client)
    stalled = lease_one(client)
    travel(app, timedelta(seconds=31))
    current = lease_one(client)

    late_ack = client.post(f"/jobs/{stalled['id']}/ack", json={"leaseToken": stalled["leaseToken"]})

    assert late_ack.status_code == 409
    assert client.get(f"/jobs/{current['id']}").json()["state"] == "running"
    ack = client.post(f"/jobs/{current['id']}/ack", json={"leaseToken": current["leaseToken"]})
    assert ack.json()["state"] == "completed"


def test_an_expired_lease_is_stale_even_before_it_is_reclaimed(
    app: FastAPI, client: TestClient
) -> None:
    enqueue(client)
    leased = lease_one(client)
    travel(app, timedelta(seconds=31))

    response = client.post(
        f"/jobs/{leased['id']}/heartbeat", json={"leaseToken": leased["leaseToken"]}
    )

    assert response.status_code == 409
    assert lease_one(client)["id"] == leased["id"]


def test_a_heartbeat_keeps_a_long_job_from_being_reclaimed(
    app: FastAPI, client: TestClient
) -> None:
    enqueue(client)
    leased = lease_one(client, leaseSeconds=30)
    for _ in range(3):
        travel(app, timedelta(seconds=20))
        heartbeat = client.post(
            f"/jobs/{leased['id']}/heartbeat", json={"leaseToken": leased["leaseToken"]}
        )
        assert heartbeat.status_code == 200

    assert lease(client) == []


def test_a_lease_expiring_on_the_last_attempt_makes_the_job_dead(
    app: FastAPI, client: TestClient
) -> None:
    job = enqueue(client, maxAttempts=2)
    lease_one(client)
    travel(app, timedelta(seconds=31))
    lease_one(client)
    travel(app, timedelta(seconds=31))

    assert lease(client) == []
    dead = client.get(f"/jobs/{job['id']}").json()
    assert (dead["state"], dead["attempts"], dead["lastError"]) == ("dead", 2, "lease expired")
    assert dead["leaseExpiresAt"] is None


def test_expired_leases_are_reclaimed_per_queue(app: FastAPI, client: TestClient) -> None:
    job = enqueue(client, "emails")
    lease_one(client, "emails")
    travel(app, timedelta(seconds=31))

    assert lease(client, "sms") == []
    assert client.get(f"/jobs/{job['id']}").json()["state"] == "running"


def test_concurrent_leases_never_hand_out_a_job_twice(client: TestClient) -> None:
    ids = {enqueue(client, payload={"n": n})["id"] for n in range(40)}
    start = threading.Barrier(8)

    def take_all(worker: int) -> list[str]:
        start.wait()
        taken: list[str] = []
        while jobs := lease(client, workerId=f"w{worker}", max=3):
            taken += [job["id"] for job in jobs]
        return taken

    with ThreadPoolExecutor(max_workers=8) as pool:
        per_worker = list(pool.map(take_all, range(8)))

    handed_out = Counter(job_id for taken in per_worker for job_id in taken)
    assert set(handed_out) == ids
    assert set(handed_out.values()) == {1}
