"""Orders: checkout (idempotent), the caller's orders, one order, and cancelling it."""

from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Query, Response, status
from fastapi.responses import JSONResponse
from sqlalchemy import func, select

from ...core.openapi import problem_responses
from ...core.query import query_int
from ...idempotency import fingerprint, run_once
from ...models import Order
from ...orders import PendingPaymentError, cancel, order_out, place_order
from ...problems import FieldsProblemError
from ...schemas import OrderOut, OrderPage
from ..access import IdempotencyKeyHeader, ParsedBody, VisibleOrder
from ..auth import CurrentUser
from ..deps import SessionDep, SettingsDep

router = APIRouter(prefix="/orders", tags=["orders"])

CHECKOUT_SCOPE = "POST /orders"


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=OrderOut,
    responses={
        200: {"model": OrderOut, "description": "The order this key made already"},
        **problem_responses(400, 401, 409, 422),
    },
)
def checkout(
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    idempotency_key: IdempotencyKeyHeader,
    parsed: ParsedBody,
    body: Annotated[dict[str, Any] | None, Body(description="Nothing, or any JSON object")] = None,
) -> OrderOut | JSONResponse:
    """Turn the cart into an order: prices frozen, stock reserved, cart emptied; once per key."""
    try:
        order_id, created = run_once(
            session,
            user_id=user.id,
            scope=CHECKOUT_SCOPE,
            key=idempotency_key,
            print_=fingerprint(settings.jwt_secret, parsed if parsed is not None else {}),
            work=lambda: place_order(session, user.id, settings.shop_currency),
        )
    except FieldsProblemError as problem:
        return problem.response()
    if not created:
        response.status_code = status.HTTP_200_OK
    order = session.get(Order, order_id, populate_existing=True)
    if order is None:  # deleted in the instant since: as if it never was
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"order {order_id} does not exist")
    return order_out(session, order)


@router.get("", responses=problem_responses(400, 401))
def list_orders(
    user: CurrentUser,
    session: SessionDep,
    page: Annotated[int, Query(ge=1), query_int] = 1,
    limit: Annotated[int, Query(ge=1, le=100), query_int] = 20,
) -> OrderPage:
    """The caller's own orders (an admin's too), newest first."""
    query = select(Order).where(Order.user_id == user.id)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    offset = (page - 1) * limit
    orders: Iterable[Order] = (
        session.scalars(
            query.order_by(Order.created_at.desc(), Order.id.desc()).offset(offset).limit(limit)
        )
        if offset < total
        else []
    )
    return OrderPage(
        data=[order_out(session, order) for order in orders], page=page, limit=limit, total=total
    )


@router.get("/{id}", responses=problem_responses(401, 403, 404))
def get_order(order: VisibleOrder, session: SessionDep) -> OrderOut:
    return order_out(session, order)


@router.post("/{id}/cancel", responses=problem_responses(401, 403, 404, 409))
def cancel_order(order: VisibleOrder, session: SessionDep) -> OrderOut:
    """Cancel an order awaiting payment; its stock returns, once.

    An order with a payment still pending is not cancelled: that money is
    still moving, and the payment webhook settles it first.
    """
    order_id = order.id
    try:
        cancelled = cancel(session, order)
    except PendingPaymentError:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            f"order {order_id} has a pending payment: it settles through the payment webhook;"
            " cancel after it is declined",
        ) from None
    if not cancelled:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            f"order {order_id} is not pending_payment: it cannot be cancelled",
        )
    session.refresh(order)
    return order_out(session, order)
