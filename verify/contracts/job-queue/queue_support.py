"""Helpers shared by the job-queue contract tests: jobs, leases, problems, timestamps.

The module name is unique to this suite so it never shadows another suite's helpers.
"""

import os
import re
import uuid
from datetime import datetime, timedelta, timezone

import httpx

BASE_URL = os.environ.get("FOLIO_BASE_URL", "").rstrip("/")
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
JOB_FIELDS = {
    "id", "queue", "type", "payload", "state", "priority", "attempts", "maxAttempts",
    "runAt", "createdAt", "updatedAt", "lastError", "result", "leaseExpiresAt",
}  # fmt: skip
STATES = ("available", "scheduled", "running", "completed", "dead", "cancelled")
RETRY_BASE_SECONDS = float(os.environ.get("RETRY_BASE_SECONDS", "1"))


def unique_queue(prefix: str = "q") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def now() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def from_now(seconds: float) -> str:
    return iso(now() + timedelta(seconds=seconds))


def parse_timestamp(value: object) -> datetime:
    """A contract timestamp: RFC 3339, UTC, `Z`, exactly three fractional digits."""
    assert isinstance(value, str), f"bad timestamp {value!r}"
    assert TIMESTAMP.match(value), f"bad timestamp {value!r}"
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


def assert_problem(response: httpx.Response, status: int, fields: tuple[str, ...] = ()) -> dict:
    """An RFC 9457 problem with `status`; on a 400, an `errors` array naming `fields`."""
    assert response.status_code == status, (
        f"expected {status}, got {response.status_code}: {response.text[:500]}"
    )
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    assert media_type == "application/problem+json", f"content type {media_type!r}"
    body = response.json()
    for member in ("type", "title"):
        assert isinstance(body.get(member), str), body
        assert body[member], body
    assert body.get("status") == status, body
    assert isinstance(body.get("detail"), str), body
    assert "Traceback" not in response.text
    if status == 400:
        errors = body.get("errors")
        assert isinstance(errors, list), f"a 400 needs an errors array: {body}"
        assert errors, f"a 400 needs a non-empty errors array: {body}"
        for error in errors:
            assert isinstance(error.get("field"), str)
            assert isinstance(error.get("message"), str)
        named = {error["field"] for error in errors}
        for name in fields:
            assert any(n == name or n.endswith("." + name) for n in named), (
                f"no error names {name!r}: {errors}"
            )
    return body


def assert_job(job: dict, **expected: object) -> dict:
    """A job of the contract's shape, with the `expected` field values."""
    assert set(job) >= JOB_FIELDS, f"missing {JOB_FIELDS - set(job)} in {job}"
    assert str(uuid.UUID(job["id"])) == job["id"].lower()
    assert job["state"] in STATES
    for name in ("runAt", "createdAt", "updatedAt"):
        parse_timestamp(job[name])
    if job["leaseExpiresAt"] is not None:
        parse_timestamp(job["leaseExpiresAt"])
    for name, value in expected.items():
        assert job[name] == value, f"{name} is {job[name]!r}, expected {value!r}: {job}"
    return job


def enqueue(api: httpx.Client, queue: str, headers: dict | None = None, **fields) -> dict:
    body = {"type": "email.send", "payload": {"to": "ada@example.com"}} | fields
    response = api.post(f"/queues/{queue}/jobs", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return assert_job(response.json(), queue=queue, type=body["type"], payload=body["payload"])


def lease(api: httpx.Client, queue: str, worker: str = "contract-worker", **fields) -> list[dict]:
    response = api.post(f"/queues/{queue}/leases", json={"workerId": worker} | fields)
    assert response.status_code == 200, response.text
    jobs = response.json()["jobs"]
    for job in jobs:
        assert_job(job, queue=queue, state="running")
        assert isinstance(job.get("leaseToken"), str)
        assert job["leaseToken"]
        parse_timestamp(job["leaseExpiresAt"])
    return jobs


def get_job(api: httpx.Client, job_id: str) -> dict:
    response = api.get(f"/jobs/{job_id}")
    assert response.status_code == 200, response.text
    return assert_job(response.json(), id=job_id)


def settle(api: httpx.Client, job: dict, action: str, **fields) -> httpx.Response:
    """Heartbeat, ack or nack a leased job with its lease token (unless overridden)."""
    body = {"leaseToken": job.get("leaseToken")} | fields
    return api.post(f"/jobs/{job['id']}/{action}", json=body)
