"""Create orders, inventory, events (the outbox), processed events and notifications.

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# 64-bit ids: BIGINT on PostgreSQL, INTEGER (the rowid) on SQLite.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "orders",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("customer_email", sa.String(254), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('placed', 'confirmed', 'rejected')", name="status"),
    )
    op.create_index("ix_orders_status_id", "orders", ["status", "id"])
    op.create_table(
        "inventory",
        sa.Column("sku", sa.String(64), primary_key=True),
        sa.Column("available", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("available >= 0", name="available"),
    )
    op.create_table(
        "events",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("order_id", BigId, sa.ForeignKey("orders.id"), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_events_order_id_id", "events", ["order_id", "id"])
    # The relay's query reads this partial index: only the rows still to publish.
    op.create_index(
        "ix_events_unpublished",
        "events",
        ["id"],
        postgresql_where=sa.text("published_at IS NULL"),
        sqlite_where=sa.text("published_at IS NULL"),
    )
    op.create_table(
        "processed_events",
        sa.Column("consumer_group", sa.String(64), primary_key=True),
        sa.Column("event_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "notifications",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("order_id", BigId, sa.ForeignKey("orders.id"), nullable=False),
        sa.Column("event_id", BigId, sa.ForeignKey("events.id"), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("recipient", sa.String(254), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("event_id", name="uq_notifications_event_id"),
    )
    op.create_index("ix_notifications_order_id_id", "notifications", ["order_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_notifications_order_id_id", table_name="notifications")
    op.drop_table("notifications")
    op.drop_table("processed_events")
    op.drop_index("ix_events_unpublished", table_name="events")
    op.drop_index("ix_events_order_id_id", table_name="events")
    op.drop_table("events")
    op.drop_table("inventory")
    op.drop_index("ix_orders_status_id", table_name="orders")
    op.drop_table("orders")
