"""Request and response bodies.

Request models are strict: `"2"` and `true` are not quantities and `null` is
not a value, all 400. JSON has one number type, so `2.0` is the integer 2, as
JSON Schema (and so the OpenAPI document) says; `1.5` is not. Field names are camelCase.
"""

import json
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.alias_generators import to_camel

from .core.fields import PlainText
from .core.timestamps import Timestamp
from .models import Event, Notification, Order

SKU_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
MAX_QUANTITY = 1000
MAX_LINES = 50

# Deliberately loose: one @, no spaces or control characters, a dot in the
# domain. Real validation is a confirmation mail; this only catches typos.
EMAIL_PATTERN = r"^[^@ \x00-\x1f\x7f]+@[^@ \x00-\x1f\x7f]+\.[^@ \x00-\x1f\x7f]+$"


def is_sku(value: str) -> bool:
    return re.fullmatch(SKU_PATTERN, value) is not None


def _valid_email(value: str) -> str:
    if not re.fullmatch(EMAIL_PATTERN, value):
        raise ValueError("must be an email address")
    return value.lower()


def _valid_sku(value: str) -> str:
    if not is_sku(value):
        raise ValueError("must be 1 to 64 characters of A-Z, a-z, 0-9, _ and -")
    return value


def _integral(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# List it after the constraints, so that they still show in the schema.
integral = BeforeValidator(_integral)

Email = Annotated[
    PlainText,
    Field(max_length=254, json_schema_extra={"pattern": EMAIL_PATTERN}),
    AfterValidator(_valid_email),
]
Sku = Annotated[str, Field(json_schema_extra={"pattern": SKU_PATTERN}), AfterValidator(_valid_sku)]


class StrictBody(BaseModel):
    """A request body: types must match exactly, nothing is coerced, fields are camelCase."""

    model_config = ConfigDict(
        strict=True, alias_generator=to_camel, validate_by_alias=True, validate_by_name=False
    )


class LineIn(StrictBody):
    sku: Sku
    quantity: Annotated[int, Field(ge=1, le=MAX_QUANTITY), integral]


class OrderCreate(StrictBody):
    customer_email: Email
    items: Annotated[list[LineIn], Field(min_length=1, max_length=MAX_LINES)]


class StockIn(StrictBody):
    available: Annotated[int, Field(ge=0, le=2**53 - 1), integral]


class Out(BaseModel):
    """A response body: camelCase on the wire, built from the models' snake_case names."""

    model_config = ConfigDict(
        alias_generator=to_camel, serialize_by_alias=True, validate_by_name=True
    )


class LineOut(Out):
    sku: str
    quantity: int


class OrderOut(Out):
    id: int
    customer_email: str
    items: list[LineOut]
    status: str
    reason: str | None
    created_at: Timestamp
    updated_at: Timestamp

    @classmethod
    def of(cls, order: Order) -> "OrderOut":
        return cls(
            id=order.id,
            customer_email=order.customer_email,
            items=[LineOut(**line) for line in json.loads(order.items)],
            status=order.status,
            reason=order.reason,
            created_at=order.created_at,
            updated_at=order.updated_at,
        )


class OrderPage(Out):
    data: list[OrderOut]
    page: int
    limit: int
    total: int


class EventOut(Out):
    id: int
    type: str
    order_id: int
    occurred_at: Timestamp
    data: dict[str, Any]

    @classmethod
    def of(cls, event: Event) -> "EventOut":
        return cls(
            id=event.id,
            type=event.type,
            order_id=event.order_id,
            occurred_at=event.occurred_at,
            data=json.loads(event.data),
        )


class EventList(Out):
    data: list[EventOut]


class StockOut(Out):
    sku: str
    available: int


class NotificationOut(Out):
    id: int
    order_id: int
    event_id: int
    channel: str
    to: str
    subject: str
    created_at: Timestamp

    @classmethod
    def of(cls, notification: Notification) -> "NotificationOut":
        return cls(
            id=notification.id,
            order_id=notification.order_id,
            event_id=notification.event_id,
            channel=notification.channel,
            to=notification.recipient,
            subject=notification.subject,
            created_at=notification.created_at,
        )


class NotificationList(Out):
    data: list[NotificationOut]


class GroupStatsOut(Out):
    pending: int
    lag: int
    dead_lettered: int


class StreamStatsOut(Out):
    length: int
    groups: dict[str, GroupStatsOut]


class PipelineStats(Out):
    outbox_pending: int
    streams: dict[str, StreamStatsOut]
