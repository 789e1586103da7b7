"""What requests and responses look like: the queue name in paths, and the bodies.

Request models are strict: `"5"` is not an integer, `null` is not a value
for a field that has a default, and JSON field names are camelCase.
"""

import hashlib
import json
from datetime import datetime
from typing import Annotated, Any, Self
from uuid import UUID

from fastapi import Depends, Path
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from .core.fields import PlainText
from .core.timestamps import Timestamp, format_timestamp
from .job_fields import RunAt, integral, json_size
from .models import Job, State
from .names import MAX_NAME_LENGTH, NAME_PATTERN, QUEUE_PATTERN, QUEUE_RULE, is_queue_name

MAX_PAYLOAD_BYTES = 64 * 1024

# Plain str: the pattern already keeps out what PlainText refuses, and must show in the schema.
Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME_LENGTH, pattern=NAME_PATTERN)]
LeaseToken = Annotated[PlainText, Field(min_length=1, max_length=200)]
LeaseSeconds = Annotated[int, Field(ge=1, le=3600), integral]


def _queue_name(
    queue: Annotated[
        str,
        Path(
            description=QUEUE_RULE,
            json_schema_extra={
                "minLength": 1,
                "maxLength": MAX_NAME_LENGTH,
                "pattern": QUEUE_PATTERN,
            },
        ),
    ],
) -> str:
    if not is_queue_name(queue):
        # Located outside "path" on purpose: the problem handler answers a malformed
        # path *id* with 404, but a malformed queue name is bad input, a 400.
        message = f"must be {QUEUE_RULE}"
        raise RequestValidationError(
            [{"type": "value_error", "loc": ("queue",), "msg": message, "ctx": {"error": message}}]
        )
    return queue


QueueName = Annotated[str, Depends(_queue_name)]


class StrictBody(BaseModel):
    """A request body: camelCase names, types must match exactly, nothing is coerced."""

    model_config = ConfigDict(
        strict=True, alias_generator=to_camel, validate_by_alias=True, validate_by_name=False
    )


class JobCreate(StrictBody):
    type: Name
    payload: Annotated[dict[str, Any], json_size(MAX_PAYLOAD_BYTES)]
    priority: Annotated[int, Field(ge=-1000, le=1000), integral] = 0
    run_at: RunAt = None
    max_attempts: Annotated[int, Field(ge=1, le=100), integral] = 5

    def fingerprint(self) -> str:
        """What makes two enqueues "the same body" for an Idempotency-Key.

        Defaults are filled in, so leaving out `priority` equals sending 0, and
        key order in the payload does not matter.
        """
        fields = {
            "type": self.type,
            "payload": self.payload,
            "priority": self.priority,
            "runAt": None if self.run_at is None else format_timestamp(self.run_at),
            "maxAttempts": self.max_attempts,
        }
        canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


class LeaseRequest(StrictBody):
    worker_id: Annotated[PlainText, Field(min_length=1, max_length=200)]
    lease_seconds: LeaseSeconds = 30
    max: Annotated[int, Field(ge=1, le=100), integral] = 1


class Heartbeat(StrictBody):
    lease_token: LeaseToken
    lease_seconds: LeaseSeconds = 30


class Ack(StrictBody):
    lease_token: LeaseToken
    result: Annotated[Any, json_size(MAX_PAYLOAD_BYTES)] = None


class Nack(StrictBody):
    lease_token: LeaseToken
    error: Annotated[PlainText, Field(min_length=1, max_length=10_000)]


class ResponseBody(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, serialize_by_alias=True)


class JobOut(ResponseBody):
    id: UUID
    queue: str
    type: str
    payload: dict[str, Any]
    state: State
    priority: int
    attempts: int
    max_attempts: int
    run_at: Timestamp
    created_at: Timestamp
    updated_at: Timestamp
    last_error: str | None
    result: Any
    lease_expires_at: Timestamp | None

    @classmethod
    def of(cls, job: Job, now: datetime) -> Self:
        """The job as the API shows it at `now` (which decides scheduled or available)."""
        fields = {name: getattr(job, name) for name in cls.model_fields}
        return cls.model_validate(fields | {"state": job.state_at(now)}, by_name=True)


class LeasedJob(JobOut):
    lease_token: str


class Leases(ResponseBody):
    jobs: list[LeasedJob]


class JobPage(ResponseBody):
    data: list[JobOut]
    page: int
    limit: int
    total: int


class QueueStats(ResponseBody):
    available: int
    scheduled: int
    running: int
    completed: int
    dead: int
    cancelled: int
