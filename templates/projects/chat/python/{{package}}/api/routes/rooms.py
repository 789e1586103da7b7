"""Rooms over HTTP: create one, list them all, and page back through a room's history."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, status
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...core.openapi import problem_responses
from ...core.query import query_int
from ...core.resource_ids import ResourceId
from ...core.timestamps import utc_now
from ...history import recent_messages, room_exists
from ...models import Room
from ...schemas import MessagePage, RoomCreate, RoomList, RoomOut
from ..deps import SessionDep
from .auth import current_user

# Every room endpoint needs a signed-in user, though none of them acts on who it is.
router = APIRouter(prefix="/rooms", tags=["rooms"], dependencies=[Depends(current_user)])


@router.post("", status_code=status.HTTP_201_CREATED, responses=problem_responses(400, 401, 409))
def create_room(body: RoomCreate, session: SessionDep) -> RoomOut:
    room = Room(name=body.name, name_key=body.name.casefold(), created_at=utc_now())
    session.add(room)
    try:
        session.commit()
    except IntegrityError:
        # The unique index decides, so two rooms created at once cannot share a name.
        session.rollback()
        raise HTTPException(
            status.HTTP_409_CONFLICT, "a room with this name already exists"
        ) from None
    return RoomOut.model_validate(room)


@router.get("", responses=problem_responses(401))
def list_rooms(session: SessionDep) -> RoomList:
    # Not paginated, as the contract says: fine while rooms number in the hundreds.
    rooms = session.scalars(select(Room).order_by(Room.id))
    return RoomList(data=[RoomOut.model_validate(room) for room in rooms])


@router.get("/{id}/messages", responses=problem_responses(400, 401, 404))
def list_messages(
    room_id: ResourceId,
    session: SessionDep,
    before: Annotated[int | None, Query(ge=1), query_int] = None,
    limit: Annotated[int, Query(ge=1, le=100), query_int] = 50,
) -> MessagePage:
    """History needs a valid token, not membership: anyone signed in may read any room."""
    if not room_exists(session, room_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"room {room_id} does not exist")
    return MessagePage(data=recent_messages(session, room_id, limit, before))
