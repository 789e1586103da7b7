"""Create users, products, carts, orders, payments, idempotency keys and webhook events.

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# 64-bit ids; on SQLite only an INTEGER primary key is the (already 64-bit) rowid.
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIME = sa.DateTime(timezone=True)
LIVE_PAYMENT = sa.text("status IN ('pending', 'succeeded')")

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _references(column: str, table: str) -> sa.Column[int]:
    return sa.Column(
        column, BIG_ID, sa.ForeignKey(f"{table}.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", BIG_ID, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("email", sa.Text(), nullable=False, unique=True),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.CheckConstraint("role IN ('customer', 'admin')", name="role"),
    )
    op.create_table(
        "products",
        sa.Column("id", BIG_ID, primary_key=True),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("sku_key", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("price_cents", sa.Integer(), nullable=False),
        sa.Column("stock", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.CheckConstraint("price_cents BETWEEN 1 AND 100000000", name="price_cents"),
        sa.CheckConstraint("stock >= 0", name="stock"),
    )
    op.create_index("ix_products_created_at", "products", ["created_at", "id"])
    op.create_table(
        "cart_items",
        _references("user_id", "users"),
        _references("product_id", "products"),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("added_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("user_id", "product_id"),
        sa.CheckConstraint("quantity BETWEEN 1 AND 99", name="quantity"),
    )
    op.create_table(
        "orders",
        sa.Column("id", BIG_ID, primary_key=True),
        _references("user_id", "users"),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("total_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.CheckConstraint("status IN ('pending_payment', 'paid', 'cancelled')", name="status"),
    )
    op.create_index("ix_orders_user_id_created_at", "orders", ["user_id", "created_at", "id"])
    op.create_table(
        "order_items",
        _references("order_id", "orders"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("product_id", BIG_ID, sa.ForeignKey("products.id"), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("unit_price_cents", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("order_id", "position"),
    )
    op.create_table(
        "payments",
        sa.Column("id", BIG_ID, primary_key=True),
        _references("order_id", "orders"),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("brand", sa.String(16), nullable=False),
        sa.Column("last4", sa.String(4), nullable=False),
        sa.Column("decline_code", sa.String(32), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.CheckConstraint("status IN ('pending', 'succeeded', 'declined')", name="status"),
    )
    op.create_index("ix_payments_order_id_created_at", "payments", ["order_id", "created_at", "id"])
    op.create_index(
        "uq_payments_live_order_id",
        "payments",
        ["order_id"],
        unique=True,
        sqlite_where=LIVE_PAYMENT,
        postgresql_where=LIVE_PAYMENT,
    )
    op.create_table(
        "idempotency_keys",
        _references("user_id", "users"),
        sa.Column("scope", sa.String(64), nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("resource_id", BIG_ID, nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("user_id", "scope", "key"),
    )
    op.create_index("ix_idempotency_keys_created_at", "idempotency_keys", ["created_at"])
    op.create_table(
        "webhook_events",
        sa.Column("id", sa.String(255), primary_key=True),
        sa.Column("type", sa.String(32), nullable=False),
        _references("payment_id", "payments"),
        sa.Column("received_at", TIME, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("webhook_events")
    op.drop_index("ix_idempotency_keys_created_at", table_name="idempotency_keys")
    op.drop_table("idempotency_keys")
    op.drop_index("uq_payments_live_order_id", table_name="payments")
    op.drop_index("ix_payments_order_id_created_at", table_name="payments")
    op.drop_table("payments")
    op.drop_table("order_items")
    op.drop_index("ix_orders_user_id_created_at", table_name="orders")
    op.drop_table("orders")
    op.drop_table("cart_items")
    op.drop_index("ix_products_created_at", table_name="products")
    op.drop_table("products")
    op.drop_table("users")
