"""Request ids and metrics (PRODUCT.md: request ids and metrics), seen from outside.

`X-Request-Id` comes back on every response: the caller's own when it matches
`^[A-Za-z0-9._-]{1,128}$`, else a fresh lower-case UUIDv4. `GET /metrics` is
Prometheus text, with `http_requests_total` and `http_request_duration_seconds`
labelled by method, the route template as /openapi.json spells it (or
`unmatched`) and status, and the `jobqueue_jobs{state}` gauge, counted in the database.
"""

import uuid

import httpx
from observability import *  # noqa: F403 (the checks every suite shares, with their fixtures `plain` and `routes`)
from observability import assert_counted, metrics, value
from queue_support import STATES, enqueue, unique_queue

# ---- X-Request-Id -----------------------------------------------------------


def test_errors_carry_the_request_id(plain: httpx.Client) -> None:
    unknown = plain.get(f"/no/such/route/{uuid.uuid4().hex}", headers={"X-Request-Id": "verify-404"})
    assert unknown.status_code == 404
    assert unknown.headers.get("x-request-id") == "verify-404"
    missing = plain.get(f"/jobs/{uuid.uuid4()}", headers={"X-Request-Id": "verify-404b"})
    assert missing.status_code == 404
    assert missing.headers.get("x-request-id") == "verify-404b"
    invalid = plain.post(f"/queues/{unique_queue()}/jobs", json={}, headers={"X-Request-Id": "verify-400"})
    assert invalid.status_code == 400
    assert invalid.headers.get("x-request-id") == "verify-400"


# ---- GET /metrics -----------------------------------------------------------


def test_a_request_is_counted_under_its_route_template(plain: httpx.Client, routes: set[str]) -> None:
    assert "/jobs/{id}" in routes, f"/openapi.json does not spell the route /jobs/{{id}}: {sorted(routes)}"
    before = metrics(plain)
    assert plain.get(f"/jobs/{uuid.uuid4()}").status_code == 404
    assert_counted(before, metrics(plain), "/jobs/{id}", "GET", 404)


def test_jobs_are_a_gauge_by_state(plain: httpx.Client) -> None:
    before = metrics(plain)
    states = {have.get("state") for have, _ in before.get("jobqueue_jobs", [])}
    assert states <= set(STATES), f"jobqueue_jobs has states outside the contract's: {states}"
    enqueue(plain, unique_queue("metrics"))
    after = metrics(plain)
    assert value(after, "jobqueue_jobs", state="available") >= 1, (
        f"a job was just enqueued but jobqueue_jobs{{state='available'}} is {after.get('jobqueue_jobs')}"
    )
