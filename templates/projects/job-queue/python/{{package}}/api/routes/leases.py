"""The lease service: hand ready jobs to workers, and take their heartbeats, acks and nacks.

A lease is a job's SQS-style visibility timeout with a fencing token: the
worker that holds it must present the token to extend it, complete the job
or fail it. A lease that runs out makes the job ready again (or dead, when
its attempts are used up); such leases are reclaimed at the start of the
next lease request on the queue, so no reaper process is needed.
"""

from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...backoff import retry_delay
from ...clock import database_now
from ...core.openapi import problem_responses
from ...ids import JobId
from ...locking import WriteSessionDep, change_job
from ...models import Job, State, in_state
from ...schemas import (
    Ack,
    Heartbeat,
    JobOut,
    LeasedJob,
    LeaseRequest,
    Leases,
    Nack,
    QueueName,
)
from ..deps import SettingsDep

router = APIRouter(tags=["leases"])


def _settle_link(operation: str) -> dict[str, Any]:
    # OpenAPI links tell clients and fuzzers where a leased job's id and token go next.
    return {
        "operationId": operation,
        "parameters": {"id": "$response.body#/jobs/0/id"},
        "requestBody": {"leaseToken": "$response.body#/jobs/0/leaseToken"},
    }


LEASE_LINKS = {name: _settle_link(name) for name in ("heartbeat", "ack", "nack")}


@router.post(
    "/queues/{queue}/leases",
    responses={200: {"links": LEASE_LINKS}, **problem_responses(400)},
)
def lease_jobs(queue: QueueName, body: LeaseRequest, session: WriteSessionDep) -> Leases:
    now = database_now(session)
    _reclaim_expired_leases(session, queue, now)
    ready = (
        select(Job)
        .where(Job.queue == queue, in_state(State.AVAILABLE, now))
        .order_by(Job.priority.desc(), Job.run_at, Job.id)
        .limit(body.max)
        # Concurrent leases skip the rows this one locked instead of waiting for
        # them, so they never hand out the same job. SQLite ignores the clause:
        # its write transactions never overlap (see the package's locking.py).
        .with_for_update(skip_locked=True)
    )
    jobs = session.scalars(ready).all()
    lease = timedelta(seconds=body.lease_seconds)
    for job in jobs:
        job.claim(body.worker_id, lease, now)
    session.commit()
    return Leases(jobs=[LeasedJob.of(job, now) for job in jobs])


def _reclaim_expired_leases(session: Session, queue: str, now: datetime) -> None:
    expired = select(Job).where(
        Job.queue == queue, Job.state == State.RUNNING, Job.lease_expires_at <= now
    )
    # A locked row is being acked, nacked or reclaimed by another request right now.
    for job in session.scalars(expired.with_for_update(skip_locked=True)):
        job.expire(now)
    # Written before the ready jobs are selected, so a reclaimed job can go out at once.
    session.flush()


@router.post("/jobs/{id}/heartbeat", responses=problem_responses(400, 404, 409))
def heartbeat(job_id: JobId, body: Heartbeat, session: WriteSessionDep) -> JobOut:
    lease = timedelta(seconds=body.lease_seconds)

    def extend(job: Job, now: datetime) -> None:
        job.extend(body.lease_token, lease, now)

    return change_job(session, job_id, extend)


@router.post("/jobs/{id}/ack", responses=problem_responses(400, 404, 409))
def ack(job_id: JobId, body: Ack, session: WriteSessionDep) -> JobOut:
    def complete(job: Job, now: datetime) -> None:
        job.complete(body.lease_token, body.result, now)

    return change_job(session, job_id, complete)


@router.post("/jobs/{id}/nack", responses=problem_responses(400, 404, 409))
def nack(job_id: JobId, body: Nack, session: WriteSessionDep, settings: SettingsDep) -> JobOut:
    def fail(job: Job, now: datetime) -> None:
        delay = retry_delay(job.attempts, settings.retry_base_seconds, settings.retry_max_seconds)
        job.fail(body.lease_token, body.error, now + delay, now)

    return change_job(session, job_id, fail)
