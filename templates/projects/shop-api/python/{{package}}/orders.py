"""Orders: checkout turns the cart into an order, reserving its stock in one transaction.

Stock is taken with one conditional UPDATE per line, `stock = stock - q
WHERE id = ? AND active AND stock >= q`: the database checks and decrements
in one step, so concurrent checkouts can never sell the same unit twice,
and no code reads the stock and then writes it. Lines are updated in
product id order, so two carts holding the same products lock their rows in
the same order and cannot deadlock (PostgreSQL). If any line is short,
every short one is named and the transaction rolls back: nothing is
reserved and the cart is unchanged.
"""

from typing import cast

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import Session

from .cart import cart_lines
from .core.timestamps import later_than, utc_now
from .idempotency import begin_writing
from .models import (
    CANCELLED,
    PENDING,
    PENDING_PAYMENT,
    CartItem,
    Order,
    OrderItem,
    Payment,
    Product,
)
from .problems import FieldsProblemError
from .schemas import Line, OrderOut, OrderStatus
from .statements import rows_changed


def place_order(session: Session, user_id: int, currency: str) -> int:
    """Make an order of the caller's cart in the current transaction; its id."""
    lines = cart_lines(session, user_id)
    if not lines:
        raise FieldsProblemError(400, "the cart is empty", {"cart": "must hold at least one item"})
    now = utc_now()
    short: set[int] = set()
    for item, _ in sorted(lines, key=lambda line: line[0].product_id):
        taken = session.execute(
            update(Product)
            .where(
                Product.id == item.product_id,
                Product.active,
                Product.stock >= item.quantity,
            )
            .values(stock=Product.stock - item.quantity, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if rows_changed(taken) != 1:
            # Carry on: every short line is named, not only the first.
            short.add(item.product_id)
    products = {
        product.id: product
        for product in session.scalars(
            select(Product)
            .where(Product.id.in_([item.product_id for item, _ in lines]))
            .execution_options(populate_existing=True)
        )
    }
    if short:
        errors = {}
        for item, _ in lines:
            if item.product_id in short:
                product = products[item.product_id]
                left = product.stock if product.active else 0
                errors[f"items.{product.id}.quantity"] = f"only {left} of {product.sku} left"
        raise FieldsProblemError(409, "not enough stock for every line of the cart", errors)
    order = Order(
        user_id=user_id,
        status=PENDING_PAYMENT,
        total_cents=sum(products[item.product_id].price_cents * item.quantity for item, _ in lines),
        currency=currency,
        created_at=now,
        updated_at=now,
    )
    session.add(order)
    session.flush()
    for position, (item, _) in enumerate(lines, start=1):
        product = products[item.product_id]
        # Frozen: a later price or name change never alters what was bought.
        session.add(
            OrderItem(
                order_id=order.id,
                position=position,
                product_id=product.id,
                sku=product.sku,
                name=product.name,
                unit_price_cents=product.price_cents,
                quantity=item.quantity,
            )
        )
    session.execute(delete(CartItem).where(CartItem.user_id == user_id))
    session.flush()
    return order.id


def order_out(session: Session, order: Order) -> OrderOut:
    items = session.scalars(
        select(OrderItem).where(OrderItem.order_id == order.id).order_by(OrderItem.position)
    )
    return OrderOut(
        id=order.id,
        status=cast(OrderStatus, order.status),
        items=[line_of_item(item) for item in items],
        total_cents=order.total_cents,
        currency=order.currency,
        created_at=order.created_at,
        updated_at=order.updated_at,
    )


def line_of_item(item: OrderItem) -> Line:
    return Line(
        product_id=item.product_id,
        sku=item.sku,
        name=item.name,
        unit_price_cents=item.unit_price_cents,
        quantity=item.quantity,
        line_total_cents=item.unit_price_cents * item.quantity,
    )


class PendingPaymentError(Exception):
    """The order has a payment still settling: it cannot be cancelled under moving money."""


def cancel(session: Session, order: Order) -> bool:
    """Cancel a pending order and return its stock, once; False if it was not pending.

    The status change is the guard: only the transaction whose UPDATE changed the
    row returns the stock, however many cancel at once. That UPDATE also takes
    the order's row lock, which payment creation takes first too; the look-up of
    a pending payment is a new statement after it, so it sees any payment
    committed while the UPDATE waited, and such an order is not cancelled
    (PendingPaymentError): its money is still moving, and the webhook settles it.
    """
    begin_writing(session)
    now = later_than(order.updated_at)
    changed = session.execute(
        update(Order)
        .where(Order.id == order.id, Order.status == PENDING_PAYMENT)
        .values(status=CANCELLED, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if rows_changed(changed) != 1:
        session.rollback()
        return False
    pending = session.scalar(
        select(exists().where(Payment.order_id == order.id, Payment.status == PENDING))
    )
    if pending:
        session.rollback()
        raise PendingPaymentError(order.id)
    items = session.scalars(
        select(OrderItem).where(OrderItem.order_id == order.id).order_by(OrderItem.product_id)
    ).all()
    for item in items:
        session.execute(
            update(Product)
            .where(Product.id == item.product_id)
            .values(stock=Product.stock + item.quantity, updated_at=utc_now())
            .execution_options(synchronize_session=False)
        )
    session.commit()
    return True
