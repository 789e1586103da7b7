"""Links: create with a random code or an alias, read, change the URL, delete, and stats."""

from datetime import datetime

from fastapi import APIRouter, Depends, HTTPException, Response, status
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...codes import RANDOM_CODE_LENGTHS, random_code
from ...core.openapi import problem_responses
from ...core.rate_limit import rate_limit
from ...core.timestamps import later_than, utc_now
from ...models import Link
from ...schemas import LinkCreate, LinkOut, LinkStats, LinkUpdate, ShortCode
from ..deps import SessionDep

router = APIRouter(prefix="/shorten", tags=["links"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(400, 409, 429),
    # Anyone may create links, so this is the endpoint that spammers would hammer.
    dependencies=[Depends(rate_limit(lambda settings: settings.shorten_rate_limit_per_minute))],
)
def create_link(body: LinkCreate, session: SessionDep) -> LinkOut:
    now = utc_now()
    if body.alias is not None:
        link = _new_link(body.url, body.alias, now)
        if not _inserted(link, session):
            raise HTTPException(status.HTTP_409_CONFLICT, f"the alias {body.alias} is taken")
        return LinkOut.model_validate(link)
    for length in RANDOM_CODE_LENGTHS:
        link = _new_link(body.url, random_code(length), now)
        if _inserted(link, session):
            return LinkOut.model_validate(link)
    # Every draw collided, the last among 62**10 codes: the random source is broken.
    raise RuntimeError("no free short code found")


def _new_link(url: str, short_code: str, now: datetime) -> Link:
    return Link(url=url, short_code=short_code, access_count=0, created_at=now, updated_at=now)


def _inserted(link: Link, session: Session) -> bool:
    """Insert `link`, or return False if the unique index says its code is taken."""
    session.add(link)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True


def _existing_link(code: str, session: Session) -> Link:
    link = session.scalar(select(Link).where(Link.short_code == code))
    if link is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"short code {code} does not exist")
    return link


@router.get("/{code}", responses=problem_responses(404))
def get_link(code: ShortCode, session: SessionDep) -> LinkOut:
    # Reading a link through the API is not a visit: only the redirect counts.
    return LinkOut.model_validate(_existing_link(code, session))


@router.put("/{code}", responses=problem_responses(400, 404))
def update_link(code: ShortCode, body: LinkUpdate, session: SessionDep) -> LinkOut:
    link = _existing_link(code, session)
    # The ORM writes only the changed columns, so a redirect counted meanwhile is kept.
    link.url = body.url
    link.updated_at = later_than(link.updated_at)
    session.commit()
    return LinkOut.model_validate(link)


@router.delete(
    "/{code}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=problem_responses(404),
)
def delete_link(code: ShortCode, session: SessionDep) -> None:
    # One statement decides: of two concurrent deletes, only one gets the row back.
    deleted = session.scalar(delete(Link).where(Link.short_code == code).returning(Link.id))
    session.commit()
    if deleted is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"short code {code} does not exist")


@router.get("/{code}/stats", responses=problem_responses(404))
def get_link_stats(code: ShortCode, session: SessionDep) -> LinkStats:
    return LinkStats.model_validate(_existing_link(code, session))
