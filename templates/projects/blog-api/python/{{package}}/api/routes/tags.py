"""Tags: every tag at least one article has."""

from fastapi import APIRouter

from ... import articles
from ...core.realworld import error_responses
from ...schemas import TagsResponse
from ..deps import SessionDep

router = APIRouter(prefix="/api/tags", tags=["tags"])


@router.get("", responses=error_responses())
def list_tags(session: SessionDep) -> TagsResponse:
    return TagsResponse(tags=articles.all_tags(session))
