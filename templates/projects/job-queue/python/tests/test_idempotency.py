from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from .conftest import Json, travel

BODY: Json = {"type": "email.send", "payload": {"to": "ada@example.com"}}


def post(client: TestClient, key: str, body: Json = BODY, queue: str = "emails") -> Json:
    response = client.post(f"/queues/{queue}/jobs", json=body, headers={"Idempotency-Key": key})
    return {"status": response.status_code, "job": response.json()}


def test_the_same_key_and_body_return_the_original_job(client: TestClient) -> None:
    first = post(client, "order-42")

    again = post(client, "order-42", {"payload": {"to": "ada@example.com"}, "type": "email.send"})

    assert (first["status"], again["status"]) == (201, 200)
    assert again["job"] == first["job"]
    assert client.get("/queues/emails/stats").json()["available"] == 1


def test_the_original_job_is_returned_as_it_is_now(client: TestClient) -> None:
    job = post(client, "order-42")["job"]
    client.post(f"/jobs/{job['id']}/cancel")

    assert post(client, "order-42")["job"]["state"] == "cancelled"


@pytest.mark.parametrize(
    "change",
    [
        {"payload": {"to": "bob@example.com"}},
        {"type": "email.resend"},
        {"priority": 1},
        {"maxAttempts": 1},
        {"runAt": "2999-01-01T00:00:00Z"},
    ],
)
def test_the_same_key_with_another_body_is_422(client: TestClient, change: Json) -> None:
    post(client, "order-42")

    response = post(client, "order-42", BODY | change)

    assert response["status"] == 422
    assert "different body" in response["job"]["detail"]
    assert client.get("/queues/emails/stats").json()["available"] == 1


def test_defaults_and_key_order_do_not_make_a_body_different(client: TestClient) -> None:
    first = post(client, "k", {"type": "t", "payload": {"a": 1, "b": 2}})

    again = post(client, "k", {"type": "t", "payload": {"b": 2, "a": 1}, "priority": 0})

    assert (again["status"], again["job"]["id"]) == (200, first["job"]["id"])


def test_keys_are_scoped_to_their_queue(client: TestClient) -> None:
    emails = post(client, "order-42", queue="emails")
    sms = post(client, "order-42", queue="sms")

    assert (emails["status"], sms["status"]) == (201, 201)
    assert emails["job"]["id"] != sms["job"]["id"]


def test_without_a_key_every_enqueue_is_a_new_job(client: TestClient) -> None:
    ids = {client.post("/queues/emails/jobs", json=BODY).json()["id"] for _ in range(2)}

    assert len(ids) == 2


def test_a_key_is_kept_for_24_hours(app: FastAPI, client: TestClient) -> None:
    first = post(client, "order-42")["job"]

    travel(app, timedelta(hours=23, minutes=59))
    assert post(client, "order-42")["job"]["id"] == first["id"]
    travel(app, timedelta(minutes=1))
    fresh = post(client, "order-42", BODY | {"priority": 5})

    assert fresh["status"] == 201
    assert fresh["job"]["id"] != first["id"]
    assert post(client, "order-42", BODY | {"priority": 5})["job"]["id"] == fresh["job"]["id"]


@pytest.mark.parametrize("key", ["", "x" * 256, "with space", "naïve"])
def test_a_malformed_key_is_400(client: TestClient, key: str) -> None:
    response = client.post(
        "/queues/emails/jobs", json=BODY, headers={b"Idempotency-Key": key.encode()}
    )

    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["Idempotency-Key"]


def test_concurrent_requests_with_one_key_create_one_job(client: TestClient) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: post(client, "order-42"), range(16)))

    assert sorted(result["status"] for result in results) == [200] * 15 + [201]
    assert len({result["job"]["id"] for result in results}) == 1
