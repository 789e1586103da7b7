"""The tables: orders, stock, the outbox of events, processed-event records, notifications.

The `events` table is the transactional outbox: an order and its `order.placed`
event are written in one transaction, and the relay publishes the rows whose
`published_at` is NULL, oldest first. The rows stay, as the history of their
order. `processed_events` holds one row per event a consumer group has applied,
written in the transaction of the effect, so a second delivery changes nothing.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from .core.db import Base, BigId, UTCDateTime


class Status(StrEnum):
    PLACED = "placed"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class EventType(StrEnum):
    ORDER_PLACED = "order.placed"
    ORDER_CONFIRMED = "order.confirmed"
    ORDER_REJECTED = "order.rejected"


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint("status IN ('placed', 'confirmed', 'rejected')", name="status"),
        Index("ix_orders_status_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    # Stored lower-cased: it names the customer whose orders keep their order.
    customer_email: Mapped[str] = mapped_column(String(254))
    # The lines as the API returns them, [{"sku": ..., "quantity": ...}], as JSON text:
    # an order's lines are read and written whole, never queried one by one.
    items: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Stock(Base):
    __tablename__ = "inventory"
    __table_args__ = (CheckConstraint("available >= 0", name="available"),)

    sku: Mapped[str] = mapped_column(String(64), primary_key=True)
    available: Mapped[int] = mapped_column(BigInteger)


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_order_id_id", "order_id", "id"),
        Index(
            "ix_events_unpublished",
            "id",
            postgresql_where=text("published_at IS NULL"),
            sqlite_where=text("published_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    order_id: Mapped[int] = mapped_column(BigId, ForeignKey("orders.id"))
    type: Mapped[str] = mapped_column(String(32))
    # The event's data, a JSON object, as the text the stream entry carries.
    data: Mapped[str] = mapped_column(Text)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ProcessedEvent(Base):
    __tablename__ = "processed_events"

    consumer_group: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_order_id_id", "order_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    order_id: Mapped[int] = mapped_column(BigId, ForeignKey("orders.id"))
    # One notification per outcome event, however often it is delivered.
    event_id: Mapped[int] = mapped_column(BigId, ForeignKey("events.id"), unique=True)
    channel: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
