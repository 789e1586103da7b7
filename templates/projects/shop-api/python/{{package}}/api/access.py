"""The order a path names, as the caller may see it: 404 if there is none, 403 if it is another's."""

from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, Request, status

from ..core.resource_ids import ResourceId
from ..idempotency import MAX_KEY_LENGTH
from ..models import Order
from .auth import CurrentUser, is_admin
from .deps import SessionDep


def _order(session: SessionDep, order_id: int) -> Order:
    order = session.get(Order, order_id)
    if order is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"order {order_id} does not exist")
    return order


def visible_order(order_id: ResourceId, user: CurrentUser, session: SessionDep) -> Order:
    """The caller's own order; an admin sees every order."""
    order = _order(session, order_id)
    if order.user_id != user.id and not is_admin(user):
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"order {order_id} is another customer's")
    return order


def own_order(order_id: ResourceId, user: CurrentUser, session: SessionDep) -> Order:
    """The caller's own order: only its customer may pay it, admins included."""
    order = _order(session, order_id)
    if order.user_id != user.id:
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"order {order_id} is another customer's")
    return order


VisibleOrder = Annotated[Order, Depends(visible_order)]
OwnOrder = Annotated[Order, Depends(own_order)]

# Required, 1 to 255 characters of printable ASCII; a missing or bad one is a 400 naming it.
IdempotencyKeyHeader = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        description="Makes retrying safe: one unique value (a UUID, say) per intended request",
        min_length=1,
        max_length=MAX_KEY_LENGTH,
        pattern=r"^[!-~]+$",
    ),
]


async def _parsed_body(request: Request) -> Any:
    """The request's JSON as sent (FastAPI has already parsed and refused invalid JSON)."""
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        return await request.json()
    except ValueError:
        return None


# What the idempotency fingerprint covers: the whole body, unknown fields included.
ParsedBody = Annotated[Any, Depends(_parsed_body)]
