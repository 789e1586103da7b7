"""Idempotency-Key on POST /queues/{queue}/jobs: scoped to the queue, bound to the body."""

import threading
import uuid

from queue_support import assert_job, assert_problem, unique_queue

BODY = {"type": "invoice.render", "payload": {"invoice": 42}, "priority": 3}


def post(api, queue, key, body=BODY):
    return api.post(f"/queues/{queue}/jobs", json=body, headers={"Idempotency-Key": key})


def test_same_key_and_body_returns_the_original_job_with_200(api, queue):
    key = str(uuid.uuid4())
    first = post(api, queue, key)
    assert first.status_code == 201, first.text
    again = post(api, queue, key)
    assert again.status_code == 200, again.text
    assert again.json() == first.json()
    assert_job(again.json(), state="available", priority=3)


def test_same_key_with_another_body_is_422(api, queue):
    key = str(uuid.uuid4())
    assert post(api, queue, key).status_code == 201
    assert_problem(post(api, queue, key, BODY | {"payload": {"invoice": 43}}), 422)
    assert_problem(post(api, queue, key, BODY | {"priority": 4}), 422)


def test_key_is_scoped_to_its_queue_and_other_keys_are_new_jobs(api, queue):
    key = str(uuid.uuid4())
    first = post(api, queue, key).json()
    elsewhere = post(api, unique_queue(), key)
    assert elsewhere.status_code == 201, elsewhere.text
    assert elsewhere.json()["id"] != first["id"]
    other_key = post(api, queue, str(uuid.uuid4()))
    assert other_key.status_code == 201
    assert other_key.json()["id"] != first["id"]
    plain = api.post(f"/queues/{queue}/jobs", json=BODY)
    assert plain.status_code == 201
    assert plain.json()["id"] != first["id"]


def test_concurrent_requests_with_one_key_make_one_job(api, queue):
    key, barrier = str(uuid.uuid4()), threading.Barrier(6)
    answers: list[tuple[int, str]] = []

    def send() -> None:
        barrier.wait(timeout=10)
        response = post(api, queue, key)
        answers.append((response.status_code, response.json().get("id")))

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(status for status, _ in answers) == [200, 200, 200, 200, 200, 201], answers
    assert len({job_id for _, job_id in answers}) == 1, answers
    listed = api.get(f"/queues/{queue}/jobs").json()
    assert listed["total"] == 1
