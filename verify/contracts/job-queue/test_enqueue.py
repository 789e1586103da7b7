"""POST /queues/{queue}/jobs and GET /jobs/{id}."""

import uuid
from datetime import timedelta

import pytest

from queue_support import (
    assert_job,
    assert_problem,
    enqueue,
    from_now,
    get_job,
    now,
    parse_timestamp,
)


def test_enqueue_applies_defaults_and_the_job_can_be_read_back(api, queue):
    before = now()
    response = api.post(
        f"/queues/{queue}/jobs", json={"type": "email.send", "payload": {"to": ["a", "b"]}}
    )
    assert response.status_code == 201, response.text
    assert response.headers["content-type"].startswith("application/json")
    job = assert_job(
        response.json(),
        queue=queue,
        type="email.send",
        payload={"to": ["a", "b"]},
        state="available",
        priority=0,
        attempts=0,
        maxAttempts=5,
        lastError=None,
        result=None,
        leaseExpiresAt=None,
    )
    created = parse_timestamp(job["createdAt"])
    assert before - timedelta(seconds=1) <= created <= now() + timedelta(seconds=1)
    assert abs(parse_timestamp(job["runAt"]) - created) < timedelta(seconds=1)
    assert get_job(api, job["id"]) == job


def test_future_run_at_is_scheduled_and_normalised_to_utc(api, queue):
    job = enqueue(api, queue, runAt="2099-01-01T02:00:00+02:00", priority=-1000, maxAttempts=100)
    assert_job(job, state="scheduled", runAt="2099-01-01T00:00:00.000Z", priority=-1000)
    assert job["maxAttempts"] == 100


def test_past_run_at_is_available(api, queue):
    job = enqueue(api, queue, runAt=from_now(-60), priority=1000, maxAttempts=1)
    assert_job(job, state="available", priority=1000, maxAttempts=1)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"type": ""}, "type"),
        ({"type": "t" * 65}, "type"),
        ({"type": "send email"}, "type"),
        ({"type": 5}, "type"),
        ({"type": None}, "type"),
        ({"payload": [1, 2]}, "payload"),
        ({"payload": "text"}, "payload"),
        ({"payload": None}, "payload"),
        ({"priority": 1001}, "priority"),
        ({"priority": -1001}, "priority"),
        ({"priority": "5"}, "priority"),
        ({"priority": 1.5}, "priority"),
        ({"priority": True}, "priority"),
        ({"maxAttempts": 0}, "maxAttempts"),
        ({"maxAttempts": 101}, "maxAttempts"),
        ({"maxAttempts": "3"}, "maxAttempts"),
        ({"runAt": "tomorrow"}, "runAt"),
        ({"runAt": 1893456000}, "runAt"),
        ({"runAt": "2099-01-01T00:00:00"}, "runAt"),  # RFC 3339 needs an offset
        ({"runAt": "2099-01-01"}, "runAt"),
    ],
)
def test_invalid_job_is_400_naming_the_field(api, queue, change, field):
    body = {"type": "email.send", "payload": {}} | change
    assert_problem(api.post(f"/queues/{queue}/jobs", json=body), 400, (field,))


@pytest.mark.parametrize("missing", ["type", "payload"])
def test_missing_field_is_400(api, queue, missing):
    body = {"type": "email.send", "payload": {}}
    del body[missing]
    assert_problem(api.post(f"/queues/{queue}/jobs", json=body), 400, (missing,))


def test_body_that_is_not_json_is_400_naming_body(api, queue):
    response = api.post(
        f"/queues/{queue}/jobs", content=b"type=x", headers={"Content-Type": "application/json"}
    )
    assert_problem(response, 400, ("body",))


@pytest.mark.parametrize("name", ["q" * 65, "bad queue", "bad!queue"])
def test_invalid_queue_name_is_refused(api, name):
    response = api.post(f"/queues/{name}/jobs", json={"type": "t", "payload": {}})
    assert_problem(response, response.status_code if response.status_code == 404 else 400)


def test_queue_and_type_accept_their_whole_alphabet(api):
    name = "Az09_.-" + uuid.uuid4().hex[:8] + "q" * 49
    assert len(name) == 64
    enqueue(api, name, type="T_y.p-e9" + "x" * 56)


def test_payload_limit_counts_json_bytes(api, queue):
    enqueue(api, queue, payload={"blob": "x" * 60_000})  # within 64 KiB
    # 34,000 code points, but 68,000 bytes of UTF-8 (more still if escaped): over 64 KiB.
    for payload in ({"blob": "é" * 34_000}, {"blob": "x" * 70_000}):
        response = api.post(f"/queues/{queue}/jobs", json={"type": "t", "payload": payload})
        assert_problem(response, 400, ("payload",))


def test_unknown_or_malformed_job_id_is_404(api):
    assert_problem(api.get(f"/jobs/{uuid.uuid4()}"), 404)
    malformed = api.get("/jobs/not-a-uuid")
    assert_problem(malformed, 400 if malformed.status_code == 400 else 404)
    assert_problem(api.get("/jobs/12345"), 400 if malformed.status_code == 400 else 404)
