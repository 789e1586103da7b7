"""Payments: the simulator's answer for a card, kept as brand and last four only.

One live (pending or succeeded) payment per order is a partial unique index
on `payments`, not a check in code: two payments racing for one order cannot
both be live, whatever the timing. A succeeded payment makes its order paid
in the same transaction; a declined one leaves it payable with another card.
"""

from fastapi import HTTPException, status
from sqlalchemy import exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .cards import SUCCEEDED, decide
from .cards import brand_of as brand
from .core.timestamps import later_than, utc_now
from .models import LIVE_PAYMENT, PAID, PENDING_PAYMENT, Order, Payment
from .schemas import Card, CardOut, PaymentOut
from .statements import rows_changed


def _not_payable(order_id: int, why: str) -> HTTPException:
    return HTTPException(status.HTTP_409_CONFLICT, f"order {order_id} cannot be paid: {why}")


def charge(session: Session, order_id: int, card: Card) -> int:
    """Make a payment of the order's total in the current transaction; its id."""
    # The first write takes the order's row lock (PostgreSQL) until the transaction ends,
    # as a cancel's first write does: the two serialise, so a cancel either sees this
    # payment pending (and refuses) or has cancelled the order before (and this refuses).
    seen = session.get(Order, order_id)
    if seen is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"order {order_id} does not exist")
    locked = session.execute(
        update(Order)
        .where(Order.id == order_id, Order.status == PENDING_PAYMENT)
        .values(updated_at=later_than(seen.updated_at))
        .execution_options(synchronize_session=False)
    )
    order = session.get(Order, order_id, populate_existing=True)
    if order is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"order {order_id} does not exist")
    if rows_changed(locked) != 1:
        raise _not_payable(order_id, f"it is {order.status}")
    if session.scalar(select(exists().where(Payment.order_id == order_id, LIVE_PAYMENT))):
        raise _not_payable(order_id, "a payment of it is pending or succeeded")
    decision = decide(card.number)
    now = utc_now()
    payment = Payment(
        order_id=order_id,
        status=decision.status,
        amount_cents=order.total_cents,
        currency=order.currency,
        brand=brand(card.number),
        last4=card.number[-4:],
        decline_code=decision.decline_code,
        created_at=now,
        updated_at=now,
    )
    session.add(payment)
    try:
        session.flush()
    except IntegrityError:
        # The partial unique index: another live payment of this order committed first.
        raise _not_payable(order_id, "a payment of it is pending or succeeded") from None
    if decision.status == SUCCEEDED:
        mark_paid(session, order)
    return payment.id


def mark_paid(session: Session, order: Order) -> None:
    session.execute(
        update(Order)
        .where(Order.id == order.id, Order.status == PENDING_PAYMENT)
        .values(status=PAID, updated_at=later_than(order.updated_at))
        .execution_options(synchronize_session=False)
    )


def payment_out(payment: Payment) -> PaymentOut:
    return PaymentOut.model_validate(
        {
            "id": payment.id,
            "order_id": payment.order_id,
            "status": payment.status,
            "amount_cents": payment.amount_cents,
            "currency": payment.currency,
            "card": CardOut.model_validate({"brand": payment.brand, "last4": payment.last4}),
            "decline_code": payment.decline_code,
            "created_at": payment.created_at,
            "updated_at": payment.updated_at,
        }
    )
