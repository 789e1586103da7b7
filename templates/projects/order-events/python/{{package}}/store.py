"""What the API and the consumers do to the database, each in one transaction.

Placing an order writes it and its `order.placed` event together (the outbox).
A consumer's effect and its processed-event record are written together, so an
event takes effect once per group however often it is delivered; the consumer
acknowledges the message only after that commit.

PostgreSQL locks the rows a transaction reads for update (`FOR UPDATE`); SQLite
has no row locks but runs one write transaction at a time, and `BEGIN IMMEDIATE`
takes that lock at the start, so nothing changes between a read and its write.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .core.timestamps import format_timestamp, later_than, utc_now
from .models import Event, EventType, Notification, Order, ProcessedEvent, Status, Stock

INVENTORY_GROUP = "inventory"
NOTIFICATIONS_GROUP = "notifications"


class UnknownOrderError(Exception):
    """An event names an order this database does not have: the message's fault."""


class MalformedEventError(Exception):
    """A stream entry that is not an event: it can never be handled, however often delivered."""


@dataclass(frozen=True)
class Line:
    sku: str
    quantity: int


@dataclass(frozen=True)
class StreamEvent:
    """An event as a stream entry carries it back to a consumer."""

    id: int
    type: str
    order_id: int
    data: dict[str, Any]


def begin_write(session: Session) -> None:
    """Start a transaction that reads rows and then changes them (see the module's docstring)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("BEGIN IMMEDIATE"))


def lines_of(order: Order) -> list[Line]:
    return [Line(sku=line["sku"], quantity=line["quantity"]) for line in json.loads(order.items)]


def _add_event(
    session: Session, order_id: int, kind: EventType, data: dict[str, Any], at: datetime
) -> Event:
    event = Event(
        order_id=order_id,
        type=kind.value,
        data=json.dumps(data, separators=(",", ":")),
        occurred_at=at,
    )
    session.add(event)
    session.flush()
    return event


def place(session: Session, email: str, lines: list[Line]) -> Order:
    """The order and its `order.placed` event, in one transaction; never touches Redis."""
    now = utc_now()
    items = [{"sku": line.sku, "quantity": line.quantity} for line in lines]
    order = Order(
        customer_email=email,
        items=json.dumps(items, separators=(",", ":")),
        status=Status.PLACED.value,
        reason=None,
        created_at=now,
        updated_at=now,
    )
    session.add(order)
    session.flush()
    _add_event(
        session, order.id, EventType.ORDER_PLACED, {"customerEmail": email, "items": items}, now
    )
    session.commit()
    return order


def list_orders(
    session: Session, status: Status | None, page: int, limit: int
) -> tuple[list[Order], int]:
    count = select(func.count()).select_from(Order)
    query = select(Order).order_by(Order.id)
    if status is not None:
        count = count.where(Order.status == status.value)
        query = query.where(Order.status == status.value)
    total = session.scalar(count) or 0
    offset = (page - 1) * limit
    if offset >= total:
        return [], total
    return list(session.scalars(query.limit(limit).offset(offset))), total


def events_of(session: Session, order_id: int) -> list[Event]:
    return list(session.scalars(select(Event).where(Event.order_id == order_id).order_by(Event.id)))


def set_stock(session: Session, sku: str, available: int) -> None:
    dialect = session.get_bind().dialect.name
    upsert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(Stock).values(
        sku=sku, available=available
    )
    session.execute(
        upsert.on_conflict_do_update(index_elements=["sku"], set_={"available": available})
    )
    session.commit()


def notifications_of(session: Session, order_id: int) -> list[Notification]:
    return list(
        session.scalars(
            select(Notification).where(Notification.order_id == order_id).order_by(Notification.id)
        )
    )


def counts_by_status(session: Session) -> dict[str, int]:
    counts = {status.value: 0 for status in Status}
    for status, count in session.execute(select(Order.status, func.count()).group_by(Order.status)):
        counts[status] = count
    return counts


def outbox_pending(session: Session) -> int:
    return (
        session.scalar(select(func.count()).select_from(Event).where(Event.published_at.is_(None)))
        or 0
    )


# ---- the relay ----------------------------------------------------------------


def unpublished(session: Session, limit: int) -> list[Event]:
    return list(
        session.scalars(
            select(Event).where(Event.published_at.is_(None)).order_by(Event.id).limit(limit)
        )
    )


def mark_published(session: Session, ids: list[int]) -> None:
    if ids:
        session.execute(update(Event).where(Event.id.in_(ids)).values(published_at=utc_now()))
    session.commit()


def stream_fields(event: Event) -> dict[str, str]:
    """The stream entry of an event: its fields, `data` as JSON text."""
    return {
        "id": str(event.id),
        "type": event.type,
        "orderId": str(event.order_id),
        "occurredAt": format_timestamp(event.occurred_at),
        "data": event.data,
    }


def _positive(fields: dict[str, str], name: str) -> int:
    value = fields.get(name, "")
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise MalformedEventError(f"{name} {value!r} is not a positive integer")
    return int(value)


def parse_event(fields: dict[str, str]) -> StreamEvent:
    """A stream entry read back into an event; MalformedEventError if it is none."""
    event_id, order_id = _positive(fields, "id"), _positive(fields, "orderId")
    try:
        data = json.loads(fields.get("data", ""))
    except ValueError:
        raise MalformedEventError("data is not a JSON object") from None
    if not isinstance(data, dict):
        raise MalformedEventError("data is not a JSON object")
    return StreamEvent(id=event_id, type=fields.get("type", ""), order_id=order_id, data=data)


# ---- the consumers --------------------------------------------------------------


def _first_time(session: Session, group: str, event_id: int) -> bool:
    """Record that `group` applied the event; False if it already had."""
    dialect = session.get_bind().dialect.name
    record = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(
        ProcessedEvent
    ).values(consumer_group=group, event_id=event_id, processed_at=utc_now())
    # RETURNING says whether the row went in: psycopg does not report the rowcount of an
    # `ON CONFLICT DO NOTHING` insert through the ORM, so a first delivery looked like a duplicate.
    inserted = session.execute(record.on_conflict_do_nothing().returning(ProcessedEvent.event_id))
    return inserted.first() is not None


def _locked_order(session: Session, order_id: int) -> Order:
    order = session.scalar(select(Order).where(Order.id == order_id).with_for_update())
    if order is None:
        raise UnknownOrderError(f"order {order_id} does not exist")
    return order


def reserve(session: Session, event: StreamEvent) -> bool:
    """Group inventory's effect of order.placed: every line's stock or none, and the outcome.

    Returns False (and changes nothing) for an event this group has applied before.
    """
    begin_write(session)
    if not _first_time(session, INVENTORY_GROUP, event.id):
        session.rollback()
        return False
    order = _locked_order(session, event.order_id)
    if order.status != Status.PLACED:
        session.commit()
        return True
    lines = lines_of(order)
    # Locked in sku order, so two reservations never wait on each other in a cycle.
    skus = sorted({line.sku for line in lines})
    rows = session.execute(
        select(Stock.sku, Stock.available)
        .where(Stock.sku.in_(skus))
        .order_by(Stock.sku)
        .with_for_update()
    )
    available = dict.fromkeys(skus, 0)  # an unknown sku is out of stock
    for sku, units in rows:
        available[sku] = units
    reason = None
    for line in lines:  # in line order: the reason names the first line that fails
        if available[line.sku] < line.quantity:
            reason = f"out_of_stock: {line.sku}"
            break
        available[line.sku] -= line.quantity
    now = later_than(order.updated_at)
    items = [{"sku": line.sku, "quantity": line.quantity} for line in lines]
    if reason is None:
        for sku, units in available.items():
            session.execute(update(Stock).where(Stock.sku == sku).values(available=units))
        order.status = Status.CONFIRMED.value
        _add_event(session, order.id, EventType.ORDER_CONFIRMED, {"items": items}, now)
    else:
        order.status = Status.REJECTED.value
        order.reason = reason
        _add_event(session, order.id, EventType.ORDER_REJECTED, {"reason": reason}, now)
    order.updated_at = now
    session.commit()
    return True


def notify(session: Session, event: StreamEvent) -> bool:
    """Group notifications' effect of an outcome: one email recorded per event."""
    begin_write(session)
    if not _first_time(session, NOTIFICATIONS_GROUP, event.id):
        session.rollback()
        return False
    email = session.scalar(select(Order.customer_email).where(Order.id == event.order_id))
    if email is None:
        raise UnknownOrderError(f"order {event.order_id} does not exist")
    if event.type == EventType.ORDER_REJECTED:
        subject = (
            f"Your order #{event.order_id} could not be fulfilled ({event.data.get('reason', '')})"
        )
    else:
        subject = f"Your order #{event.order_id} is confirmed"
    session.execute(
        insert(Notification).values(
            order_id=event.order_id,
            event_id=event.id,
            channel="email",
            recipient=email,
            subject=subject,
            created_at=utc_now(),
        )
    )
    session.commit()
    return True
