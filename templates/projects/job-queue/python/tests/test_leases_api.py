import uuid
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from .conftest import Json, enqueue, lease, lease_one


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_a_lease_hands_out_a_running_job_with_a_token(client: TestClient) -> None:
    job = enqueue(client)

    response = client.post("/queues/default/leases", json={"workerId": "w1", "leaseSeconds": 60})

    assert response.status_code == 200
    [leased] = response.json()["jobs"]
    assert leased.keys() - job.keys() == {"leaseToken"}
    assert (leased["id"], leased["state"], leased["attempts"]) == (job["id"], "running", 1)
    uuid.UUID(leased["leaseToken"])
    lease_length = moment(leased["leaseExpiresAt"]) - moment(leased["updatedAt"])
    assert lease_length == timedelta(seconds=60)
    assert "leaseToken" not in client.get(f"/jobs/{job['id']}").json()


def test_an_empty_queue_gives_an_empty_list(client: TestClient) -> None:
    enqueue(client, "other")
    enqueue(client, runAt="2999-01-01T00:00:00Z")

    assert lease(client, max=10) == []


def test_jobs_go_out_by_priority_then_run_at_then_creation(client: TestClient) -> None:
    past = datetime.now(UTC) - timedelta(minutes=5)
    low = enqueue(client, priority=-5)
    first = enqueue(client, runAt=past.isoformat())
    second = enqueue(client, runAt=past.isoformat())
    high = enqueue(client, priority=10)
    third = enqueue(client)
    fourth = enqueue(client)

    leased = [job["id"] for job in lease(client, max=100)]

    expected = [high, first, second, third, fourth, low]
    assert leased == [job["id"] for job in expected]


def test_max_limits_how_many_jobs_go_out(client: TestClient) -> None:
    for _ in range(5):
        enqueue(client)

    assert len(lease(client, max=3)) == 3
    assert len(lease(client, max=3)) == 2
    assert lease(client) == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "workerId"),
        ({"workerId": ""}, "workerId"),
        ({"workerId": 7}, "workerId"),
        ({"workerId": "w", "leaseSeconds": 0}, "leaseSeconds"),
        ({"workerId": "w", "leaseSeconds": 3601}, "leaseSeconds"),
        ({"workerId": "w", "leaseSeconds": "30"}, "leaseSeconds"),
        ({"workerId": "w", "max": 0}, "max"),
        ({"workerId": "w", "max": 101}, "max"),
        ({"workerId": "w", "max": None}, "max"),
    ],
)
def test_a_lease_refuses_invalid_input(client: TestClient, body: Json, field: str) -> None:
    response = client.post("/queues/default/leases", json=body)

    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == [field]


def test_a_heartbeat_extends_the_lease(client: TestClient) -> None:
    enqueue(client)
    leased = lease_one(client, leaseSeconds=5)

    response = client.post(
        f"/jobs/{leased['id']}/heartbeat",
        json={"leaseToken": leased["leaseToken"], "leaseSeconds": 3600},
    )

    assert response.status_code == 200
    job = response.json()
    assert job["state"] == "running"
    assert moment(job["leaseExpiresAt"]) - moment(job["updatedAt"]) == timedelta(hours=1)
    assert job["updatedAt"] > leased["updatedAt"]
    assert "leaseToken" not in job


def test_an_ack_completes_the_job_with_its_result(client: TestClient) -> None:
    enqueue(client)
    leased = lease_one(client)

    response = client.post(
        f"/jobs/{leased['id']}/ack",
        json={"leaseToken": leased["leaseToken"], "result": {"messageId": "m-1"}},
    )

    assert response.status_code == 200
    job = response.json()
    assert (job["state"], job["result"], job["leaseExpiresAt"]) == (
        "completed",
        {"messageId": "m-1"},
        None,
    )
    assert client.get(f"/jobs/{leased['id']}").json() == job


@pytest.mark.parametrize("result", [None, 42, "sent", [1, 2], {"a": {"b": None}}])
def test_a_result_is_any_json_value(client: TestClient, result: object) -> None:
    enqueue(client)
    leased = lease_one(client)

    job = client.post(
        f"/jobs/{leased['id']}/ack", json={"leaseToken": leased["leaseToken"], "result": result}
    ).json()

    assert job["result"] == result


def test_a_nack_with_attempts_left_schedules_a_retry(client: TestClient) -> None:
    enqueue(client, maxAttempts=2)
    leased = lease_one(client)

    response = client.post(
        f"/jobs/{leased['id']}/nack",
        json={"leaseToken": leased["leaseToken"], "error": "smtp timeout"},
    )

    assert response.status_code == 200
    job = response.json()
    assert (job["state"], job["attempts"], job["lastError"]) == ("scheduled", 1, "smtp timeout")
    # RETRY_BASE_SECONDS is 10 in the tests: the first retry waits 10 to 15 seconds.
    wait = moment(job["runAt"]) - moment(job["updatedAt"])
    assert timedelta(seconds=10) <= wait <= timedelta(seconds=15)
    assert job["leaseExpiresAt"] is None
    assert lease(client) == []


def test_a_nack_on_the_last_attempt_makes_the_job_dead(client: TestClient) -> None:
    enqueue(client, maxAttempts=1)
    leased = lease_one(client)

    job = client.post(
        f"/jobs/{leased['id']}/nack",
        json={"leaseToken": leased["leaseToken"], "error": "bad input"},
    ).json()

    assert (job["state"], job["attempts"], job["lastError"]) == ("dead", 1, "bad input")


@pytest.mark.parametrize(
    ("action", "extra"),
    [("heartbeat", {}), ("ack", {"result": 1}), ("nack", {"error": "x"})],
)
def test_a_wrong_or_stale_token_is_409_and_changes_nothing(
    client: TestClient, action: str, extra: Json
) -> None:
    enqueue(client)
    leased = lease_one(client)
    before = client.get(f"/jobs/{leased['id']}").json()

    for token in [str(uuid.uuid4()), "not even a uuid"]:
        response = client.post(f"/jobs/{leased['id']}/{action}", json={"leaseToken": token} | extra)
        assert response.status_code == 409
        assert response.headers["content-type"] == "application/problem+json"
    client.post(f"/jobs/{leased['id']}/ack", json={"leaseToken": leased["leaseToken"]})
    done = client.get(f"/jobs/{leased['id']}").json()
    stale = client.post(
        f"/jobs/{leased['id']}/{action}", json={"leaseToken": leased["leaseToken"]} | extra
    )

    assert stale.status_code == 409
    assert client.get(f"/jobs/{leased['id']}").json() == done
    assert before["state"] == "running"


@pytest.mark.parametrize("action", ["heartbeat", "ack", "nack"])
def test_a_job_never_leased_is_409(client: TestClient, action: str) -> None:
    job = enqueue(client)

    response = client.post(f"/jobs/{job['id']}/{action}", json={"leaseToken": "t", "error": "x"})

    assert response.status_code == 409
    assert client.get(f"/jobs/{job['id']}").json() == job


@pytest.mark.parametrize("action", ["heartbeat", "ack", "nack"])
@pytest.mark.parametrize("job_id", [str(uuid.uuid4()), "42"])
def test_lease_actions_on_a_missing_job_are_404(
    client: TestClient, action: str, job_id: str
) -> None:
    response = client.post(f"/jobs/{job_id}/{action}", json={"leaseToken": "t", "error": "x"})

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("action", "body", "field"),
    [
        ("heartbeat", {}, "leaseToken"),
        ("heartbeat", {"leaseToken": "t", "leaseSeconds": 0}, "leaseSeconds"),
        ("ack", {"leaseToken": ""}, "leaseToken"),
        ("ack", {"leaseToken": 5}, "leaseToken"),
        ("nack", {"leaseToken": "t"}, "error"),
        ("nack", {"leaseToken": "t", "error": ""}, "error"),
        ("nack", {"leaseToken": "t", "error": "x" * 10_001}, "error"),
    ],
)
def test_lease_actions_refuse_invalid_bodies(
    client: TestClient, action: str, body: Json, field: str
) -> None:
    job = enqueue(client)

    response = client.post(f"/jobs/{job['id']}/{action}", json=body)

    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == [field]


def test_there_is_no_release_endpoint(client: TestClient) -> None:
    # A worker hands a job back with a nack: the contract has no release.
    enqueue(client)
    leased = lease_one(client)

    response = client.post(
        f"/jobs/{leased['id']}/release", json={"leaseToken": leased["leaseToken"]}
    )

    assert response.status_code == 404
    assert client.get(f"/jobs/{leased['id']}").json()["state"] == "running"
