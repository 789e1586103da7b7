"""The job service: enqueue (with idempotency keys), inspect, retry, cancel, and queue views."""

from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response, status
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ... import idempotency
from ...clock import database_now
from ...core.openapi import problem_responses
from ...core.query import query_int
from ...idempotency import IdempotencyKeyHeader
from ...ids import JobId, new_job_id
from ...locking import WriteSessionDep, change_job
from ...models import Job, State, in_state
from ...schemas import JobCreate, JobOut, JobPage, QueueName, QueueStats
from ..deps import SessionDep

router = APIRouter(tags=["jobs"])

# OpenAPI links: where a new job's id goes next, for clients and fuzzers.
JOB_LINKS = {
    operation: {"operationId": operation, "parameters": {"id": "$response.body#/id"}}
    for operation in ("get_job", "retry_job", "cancel_job")
}


@router.post(
    "/queues/{queue}/jobs",
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"model": JobOut, "description": "The job this Idempotency-Key already created"},
        201: {"links": JOB_LINKS},
        **problem_responses(400, 422),
    },
)
def enqueue(
    queue: QueueName,
    body: JobCreate,
    session: WriteSessionDep,
    response: Response,
    idempotency_key: IdempotencyKeyHeader = None,
) -> JobOut:
    try:
        return _enqueue(queue, body, idempotency_key, session, response)
    except IntegrityError:
        # Only PostgreSQL gets here: a concurrent request with the same new key
        # committed first. Its key row now exists, so this is a repeat of it.
        session.rollback()
        return _enqueue(queue, body, idempotency_key, session, response)


def _enqueue(
    queue: str, body: JobCreate, key: str | None, session: Session, response: Response
) -> JobOut:
    now = database_now(session)
    fingerprint = body.fingerprint()
    if key is not None:
        original = idempotency.original_job(session, queue, key, fingerprint, now)
        if original is not None:
            response.status_code = status.HTTP_200_OK
            return JobOut.of(original, now)
    job = Job(
        id=new_job_id(now),
        queue=queue,
        type=body.type,
        payload=body.payload,
        state=State.AVAILABLE,
        priority=body.priority,
        attempts=0,
        max_attempts=body.max_attempts,
        run_at=body.run_at or now,
        created_at=now,
        updated_at=now,
    )
    session.add(job)
    if key is not None:
        idempotency.remember(session, queue, key, fingerprint, job, now)
    session.commit()
    return JobOut.of(job, now)


@router.get("/jobs/{id}", responses=problem_responses(404))
def get_job(job_id: JobId, session: SessionDep) -> JobOut:
    job = session.get(Job, job_id)
    if job is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"job {job_id} does not exist")
    return JobOut.of(job, database_now(session))


@router.post("/jobs/{id}/retry", responses=problem_responses(404, 409))
def retry_job(job_id: JobId, session: WriteSessionDep) -> JobOut:
    return change_job(session, job_id, Job.retry)


@router.post("/jobs/{id}/cancel", responses=problem_responses(404, 409))
def cancel_job(job_id: JobId, session: WriteSessionDep) -> JobOut:
    return change_job(session, job_id, Job.cancel)


@router.get("/queues/{queue}/stats", responses=problem_responses(400))
def queue_stats(queue: QueueName, session: SessionDep) -> QueueStats:
    now = database_now(session)
    counts = session.execute(
        select(*(func.count().filter(in_state(state, now)) for state in State)).where(
            Job.queue == queue
        )
    ).one()
    return QueueStats.model_validate(dict(zip(State, counts, strict=True)))


@router.get("/queues/{queue}/jobs", responses=problem_responses(400))
def list_jobs(
    queue: QueueName,
    session: SessionDep,
    state: State | None = None,
    page: Annotated[int, Query(ge=1), query_int] = 1,
    limit: Annotated[int, Query(ge=1, le=100), query_int] = 10,
) -> JobPage:
    now = database_now(session)
    query = select(Job).where(Job.queue == queue)
    if state is not None:
        query = query.where(in_state(state, now))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    offset = (page - 1) * limit
    # Oldest first: ids grow with creation time. A page past the end skips the query.
    jobs: Sequence[Job] = (
        session.scalars(query.order_by(Job.id).offset(offset).limit(limit)).all()
        if offset < total
        else []
    )
    return JobPage(data=[JobOut.of(job, now) for job in jobs], page=page, limit=limit, total=total)
