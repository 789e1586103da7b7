"""POST /webhooks/payments: signed settlement events, each applied once.

The signature is checked over the raw body before anything is parsed. The
event id is recorded in the transaction that applies the event, so a
redelivery finds it and changes nothing; an event for a payment that has
settled already is acknowledged and ignored (the first settlement wins).
"""

import time
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Request, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import update

from ...core.openapi import problem_responses
from ...core.problems import field_errors, problem_response
from ...core.resource_ids import MAX_ID
from ...core.timestamps import utc_now
from ...idempotency import begin_writing
from ...metrics import WEBHOOK_EVENTS
from ...models import DECLINED, PENDING, SUCCEEDED, Order, Payment, WebhookEvent
from ...payments import mark_paid
from ...schemas import Received
from ...signatures import HEADER, SignatureError, verify
from ...statements import insert_for, rows_changed
from ..deps import SessionDep, SettingsDep

router = APIRouter(prefix="/webhooks", tags=["webhooks"])


class EventData(BaseModel):
    model_config = ConfigDict(strict=True)

    paymentId: int  # noqa: N815 (the event's own spelling)


class Event(BaseModel):
    model_config = ConfigDict(strict=True)

    id: Annotated[str, Field(min_length=1, max_length=255)]
    type: Literal["payment.succeeded", "payment.failed"]
    data: EventData


async def _raw_body(request: Request) -> bytes:
    # The signature covers these exact bytes; the base's body limit applies while reading.
    return await request.body()


EVENT_SCHEMA = {
    "type": "object",
    "required": ["id", "type", "data"],
    "properties": {
        "id": {"type": "string", "minLength": 1, "maxLength": 255},
        "type": {"type": "string", "enum": ["payment.succeeded", "payment.failed"]},
        "data": {
            "type": "object",
            "required": ["paymentId"],
            "properties": {"paymentId": {"type": "integer"}},
        },
    },
}


@router.post(
    "/payments",
    response_model=Received,
    responses=problem_responses(400, 404),
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": EVENT_SCHEMA}}}
    },
)
def receive_payment_event(
    raw: Annotated[bytes, Depends(_raw_body)],
    session: SessionDep,
    settings: SettingsDep,
    signature: Annotated[
        str | None,
        Header(
            alias=HEADER,
            description="t=<unix seconds>,v1=<hex HMAC-SHA256 of '<t>.<raw body>'>",
        ),
    ] = None,
) -> Received | JSONResponse:
    try:
        verify(settings.payment_webhook_secret, signature, raw, time.time())
    except SignatureError as error:
        return problem_response(400, str(error), errors=field_errors([_header_error(str(error))]))
    try:
        event = Event.model_validate_json(raw)
    except ValidationError as invalid:
        errors = [{**error, "loc": ("body", *error["loc"])} for error in invalid.errors()]
        return problem_response(400, "the event is malformed", errors=field_errors(errors))
    outcome = _apply(session, event)
    WEBHOOK_EVENTS.labels(outcome).inc()
    return Received()


def _header_error(message: str) -> dict[str, object]:
    return {
        "type": "value_error",
        "loc": ("header", HEADER),
        "msg": message,
        "ctx": {"error": message},
    }


def _apply(session: SessionDep, event: Event) -> str:
    """Record and apply the event in one transaction; its outcome."""
    payment_id = event.data.paymentId
    begin_writing(session)
    payment = (
        session.get(Payment, payment_id, with_for_update=True, populate_existing=True)
        if 1 <= payment_id <= MAX_ID
        else None
    )
    if payment is None:
        session.rollback()
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"payment {payment_id} does not exist")
    recorded = session.execute(
        insert_for(session)(WebhookEvent)
        .values(id=event.id, type=event.type, payment_id=payment_id, received_at=utc_now())
        .on_conflict_do_nothing()
        .returning(WebhookEvent.id)
    ).first()
    if recorded is None:
        session.commit()
        return "duplicate"
    outcome = "ignored"
    if payment.status == PENDING:
        now = utc_now()
        values = (
            {"status": SUCCEEDED}
            if event.type == "payment.succeeded"
            else {"status": DECLINED, "decline_code": "processing_error"}
        )
        changed = session.execute(
            update(Payment)
            .where(Payment.id == payment_id, Payment.status == PENDING)
            .values(**values, updated_at=max(now, payment.updated_at))
            .execution_options(synchronize_session=False)
        )
        if rows_changed(changed) == 1:
            outcome = "applied"
            if event.type == "payment.succeeded":
                order = session.get(Order, payment.order_id, with_for_update=True)
                if order is not None:
                    mark_paid(session, order)
    session.commit()
    return outcome
