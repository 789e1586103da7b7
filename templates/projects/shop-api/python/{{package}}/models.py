"""The tables: users, products, carts, orders with their lines, payments, and the
records that make retries safe (idempotency keys, webhook events seen).

Money is integer minor units in every column; no float is ever stored.
"""

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from .core.db import Base, BigId, UTCDateTime

CUSTOMER = "customer"
ADMIN = "admin"

PENDING_PAYMENT = "pending_payment"
PAID = "paid"
CANCELLED = "cancelled"

PENDING = "pending"
SUCCEEDED = "succeeded"
DECLINED = "declined"

# The statuses a payment holds its order with: at most one such payment per order.
LIVE_PAYMENT = text("status IN ('pending', 'succeeded')")


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('customer', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    # Stored lower-cased: the unique index then makes emails unique without regard to case.
    email: Mapped[str] = mapped_column(Text, unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Product(Base):
    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("price_cents BETWEEN 1 AND 100000000", name="price_cents"),
        # The last line of defence: no code path can sell stock that is not there.
        CheckConstraint("stock >= 0", name="stock"),
        Index("ix_products_created_at", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    sku: Mapped[str] = mapped_column(String(64))
    # The sku lower-cased (skus are ASCII): its unique index makes skus unique without regard to case.
    sku_key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    price_cents: Mapped[int] = mapped_column(Integer)
    stock: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CartItem(Base):
    __tablename__ = "cart_items"
    __table_args__ = (CheckConstraint("quantity BETWEEN 1 AND 99", name="quantity"),)

    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    product_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("products.id", ondelete="CASCADE"), primary_key=True
    )
    quantity: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint("status IN ('pending_payment', 'paid', 'cancelled')", name="status"),
        Index("ix_orders_user_id_created_at", "user_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigId, ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    total_cents: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class OrderItem(Base):
    """A line of an order: what was bought, at the price of the moment of checkout."""

    __tablename__ = "order_items"

    order_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("orders.id", ondelete="CASCADE"), primary_key=True
    )
    # The line's place in the order: the order in which the lines were added to the cart.
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(BigId, ForeignKey("products.id"))
    sku: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    unit_price_cents: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer)


class Payment(Base):
    """A charge of an order's total. Only the card's brand and last four digits are kept."""

    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'succeeded', 'declined')", name="status"),
        Index("ix_payments_order_id_created_at", "order_id", "created_at", "id"),
        # One live payment per order, decided by the database rather than a check in code.
        Index(
            "uq_payments_live_order_id",
            "order_id",
            unique=True,
            sqlite_where=LIVE_PAYMENT,
            postgresql_where=LIVE_PAYMENT,
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    order_id: Mapped[int] = mapped_column(BigId, ForeignKey("orders.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    brand: Mapped[str] = mapped_column(String(16))
    last4: Mapped[str] = mapped_column(String(4))
    decline_code: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class IdempotencyKey(Base):
    """A key a caller sent with a request that must not take effect twice.

    The row is written first, in the transaction that does the work, so a twin
    request with the same key cannot do the work too: it waits on the key's
    unique index, or (on SQLite) on the write lock, and then finds the result.
    """

    __tablename__ = "idempotency_keys"
    __table_args__ = (Index("ix_idempotency_keys_created_at", "created_at"),)

    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # The endpoint: `POST /orders` or `POST /orders/7/payments`.
    scope: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    # HMAC-SHA256 of the request body's canonical JSON, keyed with a server secret.
    fingerprint: Mapped[str] = mapped_column(String(64))
    # The order or payment the request made; null only inside the transaction making it.
    resource_id: Mapped[int | None] = mapped_column(BigId)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WebhookEvent(Base):
    """An event the webhook accepted, by the sender's id: each takes effect once."""

    __tablename__ = "webhook_events"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    type: Mapped[str] = mapped_column(String(32))
    payment_id: Mapped[int] = mapped_column(BigId, ForeignKey("payments.id", ondelete="CASCADE"))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
