"""Paying an order (idempotent), and the payments of an order."""

from typing import Any, cast

from fastapi import APIRouter, HTTPException, Request, Response, status
from fastapi.exceptions import RequestValidationError
from sqlalchemy import select

from ...cards import PENDING, expiry_error
from ...core.openapi import problem_responses
from ...core.timestamps import utc_now
from ...idempotency import fingerprint, run_once
from ...metrics import PAYMENTS
from ...models import Payment
from ...payments import charge, payment_out
from ...schemas import PaymentCreate, PaymentList, PaymentOut
from ...simulator import Settler
from ..access import IdempotencyKeyHeader, OwnOrder, ParsedBody, VisibleOrder
from ..deps import SessionDep, SettingsDep

router = APIRouter(prefix="/orders", tags=["payments"])


@router.post(
    "/{id}/payments",
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"model": PaymentOut, "description": "The payment this key made already"},
        **problem_responses(400, 401, 403, 404, 409, 422),
    },
)
def pay_order(
    order: OwnOrder,
    body: PaymentCreate,
    idempotency_key: IdempotencyKeyHeader,
    parsed: ParsedBody,
    session: SessionDep,
    settings: SettingsDep,
    request: Request,
    response: Response,
) -> PaymentOut:
    """Charge the order's total to a card. Declined payments are 201 too: they are payments.

    Test cards: 4242424242424242 succeeds, 4000000000000002 is declined
    (card_declined), 4000000000009995 is declined (insufficient_funds),
    4000000000003220 stays pending and settles through the webhook; any other
    number passing the Luhn check succeeds.
    """
    expired = expiry_error(body.card.exp_month, body.card.exp_year, utc_now())
    if expired is not None:
        error: dict[str, Any] = {
            "type": "value_error",
            "loc": ("body", *expired.split(".")),
            "msg": "the card has expired",
            "input": None,
            "ctx": {"error": "the card has expired"},
        }
        raise RequestValidationError([error])
    order_id = order.id
    payment_id, created = run_once(
        session,
        user_id=order.user_id,
        scope=f"POST /orders/{order_id}/payments",
        key=idempotency_key,
        # An HMAC with a server secret: the stored fingerprint gives no way back to the card.
        print_=fingerprint(settings.jwt_secret, parsed if parsed is not None else {}),
        work=lambda: charge(session, order_id, body.card),
    )
    payment = session.get(Payment, payment_id, populate_existing=True)
    if payment is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"payment {payment_id} does not exist")
    if created:
        PAYMENTS.labels(payment.status).inc()
        if payment.status == PENDING:
            cast(Settler, request.app.state.settler).schedule(payment.id)
    else:
        response.status_code = status.HTTP_200_OK
    return payment_out(payment)


@router.get("/{id}/payments", responses=problem_responses(401, 403, 404))
def list_payments(order: VisibleOrder, session: SessionDep) -> PaymentList:
    """Every payment of the order, oldest first."""
    payments = session.scalars(
        select(Payment).where(Payment.order_id == order.id).order_by(Payment.created_at, Payment.id)
    )
    return PaymentList(data=[payment_out(payment) for payment in payments])
