"""Comments on an article: oldest first, added by the signed-in, removed by their author or a moderator."""

from fastapi import APIRouter, HTTPException, Response, status
from sqlalchemy import exists, select

from ...core.realworld import TOKEN_OPTIONAL, error_responses
from ...core.resource_ids import ResourceId
from ...core.timestamps import utc_now
from ...models import Comment, Follow, User
from ...schemas import CommentList, CommentOut, CommentResponse, NewCommentBody
from ...users import profile_of
from ..auth import SignedIn, Viewer
from ..deps import SessionDep
from .articles import SlugPath, find

router = APIRouter(prefix="/api/articles/{slug}/comments", tags=["comments"])


def _comments(session: SessionDep, viewer_id: int | None, *conditions: object) -> list[CommentOut]:
    following = (
        exists().where(Follow.follower_id == viewer_id, Follow.followed_id == Comment.author_id)
        if viewer_id is not None
        else None
    )
    columns = [Comment, User] if following is None else [Comment, User, following.label("f")]
    rows = session.execute(
        select(*columns)
        .join(User, User.id == Comment.author_id)
        .where(*conditions)  # type: ignore[arg-type]
        .order_by(Comment.created_at, Comment.id)
    ).all()
    return [
        CommentOut(
            id=row[0].id,
            created_at=row[0].created_at,
            updated_at=row[0].updated_at,
            body=row[0].body,
            author=profile_of(row[1], bool(row[2]) if following is not None else False),
        )
        for row in rows
    ]


@router.get("", responses=error_responses(401, 404), openapi_extra=TOKEN_OPTIONAL)
def list_comments(slug: SlugPath, viewer: Viewer, session: SessionDep) -> CommentList:
    article = find(session, slug)
    viewer_id = viewer.id if viewer else None
    return CommentList(comments=_comments(session, viewer_id, Comment.article_id == article.id))


@router.post("", responses=error_responses(401, 404, 422))
def add_comment(
    slug: SlugPath, body: NewCommentBody, caller: SignedIn, session: SessionDep
) -> CommentResponse:
    """Add the caller's comment: 200, as RealWorld's specification says, not 201."""
    article = find(session, slug)
    now = utc_now()
    comment = Comment(
        article_id=article.id,
        author_id=caller.id,
        body=body.comment.body,
        created_at=now,
        updated_at=now,
    )
    session.add(comment)
    session.commit()
    return CommentResponse(comment=_comments(session, caller.id, Comment.id == comment.id)[0])


@router.delete(
    "/{id}", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(401, 403, 404)
)
def delete_comment(
    slug: SlugPath, comment_id: ResourceId, caller: SignedIn, session: SessionDep
) -> Response:
    """Remove a comment of the article: its author, a moderator or an admin may (the
    article's author may not, unless they are one of those)."""
    article = find(session, slug)
    comment = session.get(Comment, comment_id)
    # A comment of another article is not found either.
    if comment is None or comment.article_id != article.id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"the article has no comment {comment_id}")
    if comment.author_id != caller.id and not caller.user.moderates:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "only its author, a moderator or an admin may delete a comment",
        )
    session.delete(comment)
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
