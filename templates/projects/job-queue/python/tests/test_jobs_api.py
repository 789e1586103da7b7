import re
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import Json, enqueue, lease_one

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
JOB_FIELDS = {
    "id",
    "queue",
    "type",
    "payload",
    "state",
    "priority",
    "attempts",
    "maxAttempts",
    "runAt",
    "createdAt",
    "updatedAt",
    "lastError",
    "result",
    "leaseExpiresAt",
}


def fields(response: Any) -> list[str]:
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return [error["field"] for error in response.json()["errors"]]


def test_enqueue_returns_the_job(client: TestClient) -> None:
    job = enqueue(client, "emails", type="email.send", payload={"to": "ada@example.com"})

    assert job.keys() == JOB_FIELDS
    assert uuid.UUID(job["id"]).version == 7
    assert (job["queue"], job["type"], job["payload"]) == (
        "emails",
        "email.send",
        {"to": "ada@example.com"},
    )
    assert (job["state"], job["priority"], job["attempts"], job["maxAttempts"]) == (
        "available",
        0,
        0,
        5,
    )
    assert (job["lastError"], job["result"], job["leaseExpiresAt"]) == (None, None, None)
    assert all(TIMESTAMP.match(job[name]) for name in ("runAt", "createdAt", "updatedAt"))
    assert job["runAt"] == job["createdAt"] == job["updatedAt"]


def test_a_job_with_a_future_run_at_is_scheduled(client: TestClient) -> None:
    job = enqueue(client, runAt="2999-01-01T00:00:00+01:00", priority=-1000, maxAttempts=100)

    assert (job["state"], job["runAt"]) == ("scheduled", "2998-12-31T23:00:00.000Z")
    assert (job["priority"], job["maxAttempts"]) == (-1000, 100)


@pytest.mark.parametrize(
    ("run_at", "shown"),
    [
        ("2000-01-01T00:00:00.5Z", "2000-01-01T00:00:00.500Z"),
        ("0898-04-11T10:05:57+00:00", "0898-04-11T10:05:57.000Z"),
    ],
)
def test_a_job_with_a_past_run_at_is_available(client: TestClient, run_at: str, shown: str) -> None:
    job = enqueue(client, runAt=run_at)

    assert (job["state"], job["runAt"]) == ("available", shown)


def test_the_payload_is_kept_exactly(client: TestClient) -> None:
    payload = {"text": "a\x00b 🎉", "nested": {"list": [1, 2.5, None, True]}, "big": 2**70}

    job = enqueue(client, payload=payload)

    assert job["payload"] == payload
    assert client.get(f"/jobs/{job['id']}").json()["payload"] == payload


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"type": ""}, "type"),
        ({"type": "x" * 65}, "type"),
        ({"type": "no spaces"}, "type"),
        ({"type": None}, "type"),
        ({"payload": [1]}, "payload"),
        ({"payload": None}, "payload"),
        ({"payload": {"k": "x" * 65536}}, "payload"),
        ({"priority": 1001}, "priority"),
        ({"priority": "1"}, "priority"),
        ({"priority": 1.5}, "priority"),
        ({"runAt": "tomorrow"}, "runAt"),
        ({"runAt": "2026-11-21T14:03:07"}, "runAt"),
        ({"runAt": None}, "runAt"),
        ({"maxAttempts": 0}, "maxAttempts"),
        ({"maxAttempts": 101}, "maxAttempts"),
        ({"maxAttempts": True}, "maxAttempts"),
    ],
)
def test_enqueue_refuses_invalid_input(client: TestClient, body: Json, field: str) -> None:
    response = client.post("/queues/default/jobs", json={"type": "echo", "payload": {}} | body)

    assert fields(response) == [field]


def test_enqueue_names_every_missing_field(client: TestClient) -> None:
    assert sorted(fields(client.post("/queues/default/jobs", json={}))) == ["payload", "type"]


@pytest.mark.parametrize(
    "body", [b"{", b"[]", b'"job"', b"\xff\xfe", b'{"type": "echo", "payload": {"x": NaN}}']
)
def test_a_body_that_is_not_a_json_job_is_400(client: TestClient, body: bytes) -> None:
    response = client.post(
        "/queues/default/jobs", content=body, headers={"content-type": "application/json"}
    )

    assert response.status_code == 400
    assert response.json()["errors"]


@pytest.mark.parametrize("queue", ["x" * 65, "a b", "é", "...", "a%00b", "a:b"])
def test_an_invalid_queue_name_is_400(client: TestClient, queue: str) -> None:
    for method, path in [
        ("POST", f"/queues/{queue}/jobs"),
        ("POST", f"/queues/{queue}/leases"),
        ("GET", f"/queues/{queue}/jobs"),
        ("GET", f"/queues/{queue}/stats"),
    ]:
        response = client.request(
            method, path, json={"type": "echo", "payload": {}, "workerId": "w"}
        )
        assert fields(response) == ["queue"], (method, path)


def test_queue_names_use_the_whole_alphabet(client: TestClient) -> None:
    queue = "Az09_.-" + "q" * 57

    assert enqueue(client, queue)["queue"] == queue


def test_get_returns_the_job(client: TestClient) -> None:
    job = enqueue(client)

    response = client.get(f"/jobs/{job['id']}")

    assert response.status_code == 200
    assert response.json() == job


@pytest.mark.parametrize("job_id", [str(uuid.uuid4()), "1", "not-a-uuid", "0" * 5000])
@pytest.mark.parametrize("action", ["", "/retry", "/cancel"])
def test_a_job_that_does_not_exist_is_404(client: TestClient, job_id: str, action: str) -> None:
    method = "POST" if action else "GET"

    response = client.request(method, f"/jobs/{job_id}{action}")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("run_at", [None, "2999-01-01T00:00:00Z"])
def test_cancel_stops_a_waiting_job(client: TestClient, run_at: str | None) -> None:
    job = enqueue(client, **({"runAt": run_at} if run_at else {}))

    response = client.post(f"/jobs/{job['id']}/cancel")

    assert response.status_code == 200
    cancelled = response.json()
    assert cancelled["state"] == "cancelled"
    assert cancelled["updatedAt"] > job["updatedAt"]
    assert client.post("/queues/default/leases", json={"workerId": "w"}).json() == {"jobs": []}


def test_cancel_is_409_once_the_job_has_started(client: TestClient) -> None:
    job = enqueue(client)
    lease_one(client)

    response = client.post(f"/jobs/{job['id']}/cancel")

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert client.get(f"/jobs/{job['id']}").json()["state"] == "running"
    assert client.post(f"/jobs/{job['id']}/cancel").status_code == 409


def test_retry_revives_a_dead_job(client: TestClient) -> None:
    job = enqueue(client, maxAttempts=1)
    token = lease_one(client)["leaseToken"]
    client.post(f"/jobs/{job['id']}/nack", json={"leaseToken": token, "error": "smtp down"})

    response = client.post(f"/jobs/{job['id']}/retry")

    assert response.status_code == 200
    retried = response.json()
    assert (retried["state"], retried["attempts"], retried["lastError"]) == (
        "available",
        0,
        "smtp down",
    )
    assert lease_one(client)["id"] == job["id"]


@pytest.mark.parametrize("runs", [0, 1])
def test_retry_is_409_unless_the_job_is_dead(client: TestClient, runs: int) -> None:
    job = enqueue(client)
    for _ in range(runs):
        lease_one(client)

    response = client.post(f"/jobs/{job['id']}/retry")

    assert response.status_code == 409
    assert "not dead" in response.json()["detail"]


def test_a_wrong_method_lists_every_allowed_one(client: TestClient) -> None:
    response = client.delete("/queues/default/jobs")

    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
