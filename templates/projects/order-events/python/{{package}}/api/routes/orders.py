"""Orders: placed over HTTP (with their event, in one transaction), then read back.

`POST /orders` answers 202: the order is accepted, and the relay and the
consumers confirm or reject it later. It never talks to Redis, so an order is
accepted while the broker is down and published when it is back.
"""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response, status
from sqlalchemy.orm import Session

from ... import store
from ...core.openapi import problem_responses
from ...core.query import query_int
from ...core.resource_ids import ResourceId
from ...models import Order, Status
from ...schemas import EventList, EventOut, OrderCreate, OrderOut, OrderPage
from ..deps import SessionDep

router = APIRouter(tags=["orders"])

# OpenAPI links: where a new order's id goes next, for clients and fuzzers.
ORDER_LINKS = {
    operation: {"operationId": operation, "parameters": {"id": "$response.body#/id"}}
    for operation in ("get_order", "list_order_events")
}


def _order(session: Session, order_id: int) -> Order:
    order = session.get(Order, order_id)
    if order is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"order {order_id} does not exist")
    return order


@router.post(
    "/orders",
    status_code=status.HTTP_202_ACCEPTED,
    responses={202: {"links": ORDER_LINKS}, **problem_responses(400)},
)
def place_order(body: OrderCreate, session: SessionDep, response: Response) -> OrderOut:
    lines = [store.Line(sku=line.sku, quantity=line.quantity) for line in body.items]
    order = store.place(session, body.customer_email, lines)
    response.headers["Location"] = f"/orders/{order.id}"
    return OrderOut.of(order)


@router.get("/orders", responses=problem_responses(400))
def list_orders(
    session: SessionDep,
    status: Status | None = None,
    page: Annotated[int, Query(ge=1), query_int] = 1,
    limit: Annotated[int, Query(ge=1, le=100), query_int] = 10,
) -> OrderPage:
    """Orders by id ascending, the newest last; `status` keeps only those in it."""
    orders, total = store.list_orders(session, status, page, limit)
    return OrderPage(data=[OrderOut.of(o) for o in orders], page=page, limit=limit, total=total)


@router.get("/orders/{id}", responses=problem_responses(404))
def get_order(order_id: ResourceId, session: SessionDep) -> OrderOut:
    return OrderOut.of(_order(session, order_id))


@router.get("/orders/{id}/events", responses=problem_responses(404))
def list_order_events(order_id: ResourceId, session: SessionDep) -> EventList:
    """The order's events in the order they happened: placed, then confirmed or rejected."""
    _order(session, order_id)
    return EventList(data=[EventOut.of(e) for e in store.events_of(session, order_id)])
