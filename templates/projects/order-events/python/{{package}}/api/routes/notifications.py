"""The notifications group's record: one email per outcome of an order."""

from typing import Annotated

from fastapi import APIRouter, Query

from ... import store
from ...core.openapi import problem_responses
from ...core.query import query_int
from ...core.resource_ids import MAX_ID
from ...schemas import NotificationList, NotificationOut
from ..deps import SessionDep

router = APIRouter(tags=["notifications"])


@router.get("/notifications", responses=problem_responses(400))
def list_notifications(
    session: SessionDep,
    order_id: Annotated[int, Query(alias="orderId", ge=1, le=MAX_ID), query_int],
) -> NotificationList:
    """The order's notifications, oldest first; an unknown order has none."""
    return NotificationList(
        data=[NotificationOut.of(n) for n in store.notifications_of(session, order_id)]
    )
