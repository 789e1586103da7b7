"""Heartbeat, ack and nack: only the current lease may act, and a wrong one changes nothing."""

import time
import uuid
from datetime import timedelta

import pytest

from queue_support import (
    assert_job,
    assert_problem,
    enqueue,
    get_job,
    lease,
    now,
    parse_timestamp,
    settle,
)

ACTIONS = {"heartbeat": {}, "ack": {"result": {"ok": True}}, "nack": {"error": "boom"}}


@pytest.fixture
def leased(api, queue):
    enqueue(api, queue)
    [job] = lease(api, queue, leaseSeconds=60)
    return job


def test_heartbeat_extends_the_lease(api, leased):
    time.sleep(0.01)
    before = now()
    response = settle(api, leased, "heartbeat", leaseSeconds=600)
    assert response.status_code == 200, response.text
    job = assert_job(response.json(), id=leased["id"], state="running", attempts=1)
    expires = parse_timestamp(job["leaseExpiresAt"])
    assert abs(expires - (before + timedelta(seconds=600))) < timedelta(seconds=2)
    assert get_job(api, leased["id"])["leaseExpiresAt"] == job["leaseExpiresAt"]
    again = settle(api, leased, "heartbeat")  # default: 30 seconds from now
    assert again.status_code == 200, again.text
    expires = parse_timestamp(again.json()["leaseExpiresAt"])
    assert abs(expires - (now() + timedelta(seconds=30))) < timedelta(seconds=2)


def test_ack_completes_with_result_and_spends_the_lease(api, leased):
    time.sleep(0.01)
    response = settle(api, leased, "ack", result={"sent": 3, "to": ["a"]})
    assert response.status_code == 200, response.text
    job = assert_job(response.json(), state="completed", result={"sent": 3, "to": ["a"]})
    assert job["leaseExpiresAt"] is None
    assert parse_timestamp(job["updatedAt"]) > parse_timestamp(leased["updatedAt"])
    assert get_job(api, leased["id"]) == job
    for action, fields in ACTIONS.items():
        assert_problem(settle(api, leased, action, **fields), 409)
    assert get_job(api, leased["id"]) == job


def test_ack_without_result_stores_null(api, leased):
    response = settle(api, leased, "ack")
    assert response.status_code == 200, response.text
    assert_job(response.json(), state="completed", result=None)


@pytest.mark.parametrize("action", ACTIONS)
def test_wrong_lease_token_is_409_and_changes_nothing(api, leased, action):
    before = get_job(api, leased["id"])
    response = settle(api, leased, action, leaseToken="not-the-lease", **ACTIONS[action])
    assert_problem(response, 409)
    assert get_job(api, leased["id"]) == before


@pytest.mark.parametrize("action", ACTIONS)
def test_unknown_job_is_404(api, action):
    job = {"id": str(uuid.uuid4()), "leaseToken": "whatever"}
    assert_problem(settle(api, job, action, **ACTIONS[action]), 404)


@pytest.mark.parametrize(
    ("action", "body", "field"),
    [
        ("heartbeat", {}, "leaseToken"),
        ("heartbeat", {"leaseToken": 5}, "leaseToken"),
        ("heartbeat", {"leaseToken": "<lease>", "leaseSeconds": 0}, "leaseSeconds"),
        ("heartbeat", {"leaseToken": "<lease>", "leaseSeconds": 3601}, "leaseSeconds"),
        ("heartbeat", {"leaseToken": "<lease>", "leaseSeconds": "60"}, "leaseSeconds"),
        ("ack", {"leaseToken": None}, "leaseToken"),
        ("nack", {"leaseToken": "<lease>"}, "error"),
        ("nack", {"leaseToken": "<lease>", "error": 500}, "error"),
    ],
)
def test_invalid_settle_body_is_400_and_changes_nothing(api, leased, action, body, field):
    before = get_job(api, leased["id"])
    token = leased["leaseToken"]
    body = {name: token if value == "<lease>" else value for name, value in body.items()}
    response = api.post(f"/jobs/{leased['id']}/{action}", json=body)
    assert_problem(response, 400, (field,))
    assert get_job(api, leased["id"]) == before
