"""Articles: lists and the feed, one article by its slug, writing, favorites."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Response, status
from sqlalchemy.exc import IntegrityError
from starlette.convertors import Convertor, register_url_convertor

from ... import articles
from ...core.fields import PlainText
from ...core.query import query_int
from ...core.realworld import TOKEN_OPTIONAL, error_responses
from ...core.resource_ids import MAX_ID
from ...core.timestamps import later_than, utc_now
from ...models import Article
from ...schemas import ArticlePage, ArticleResponse, NewArticleBody, UpdateArticleBody
from ...slugs import candidates, slugify
from ..auth import Caller, SignedIn, Viewer
from ..deps import SessionDep


class SlugSegment(Convertor[str]):
    """Any path segment but `feed`, which is the feed's own route.

    A plain `{slug}` would also match `/api/articles/feed`, so a 405 there
    would list PUT and DELETE in `Allow`. The segment still reaches FastAPI
    as text, and a segment that cannot be a slug is a 404 there.
    """

    regex = "(?!feed$)[^/]+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("slug", SlugSegment())

router = APIRouter(prefix="/api/articles", tags=["articles"])

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SlugPath = Annotated[
    str, Path(max_length=100, pattern=SLUG_PATTERN, description="An article's current slug.")
]
Offset = Annotated[int, Query(ge=0, le=MAX_ID), query_int]
Limit = Annotated[int, Query(ge=1, le=100), query_int]
# ?tag=, ?author= and ?favorited=: any text that could be stored, so no filter is ever a 500.
FilterText = Annotated[PlainText, Query(max_length=1000)]


def not_found(slug: str) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, f"no article has the slug {slug}")


def find(session: SessionDep, slug: str) -> Article:
    article = articles.find(session, slug)
    if article is None:
        raise not_found(slug)
    return article


def respond(session: SessionDep, article: Article, caller: Caller | None) -> ArticleResponse:
    shown = articles.view(session, article.id, caller.id if caller else None)
    if shown is None:
        raise not_found(article.slug)  # deleted in the meantime
    return ArticleResponse(article=shown)


@router.get("", responses=error_responses(401, 422), openapi_extra=TOKEN_OPTIONAL)
def list_articles(
    viewer: Viewer,
    session: SessionDep,
    tag: FilterText | None = None,
    author: FilterText | None = None,
    favorited: FilterText | None = None,
    offset: Offset = 0,
    limit: Limit = 20,
) -> ArticlePage:
    """Articles, newest first, by tag, author or who favorited them (no body in list items)."""
    selection = articles.Filter(tag=tag, author=author, favorited=favorited)
    page, total = articles.page(session, selection, viewer.id if viewer else None, offset, limit)
    return ArticlePage(articles=page, articles_count=total)


@router.get("/feed", responses=error_responses(401, 422))
def get_feed(
    caller: SignedIn, session: SessionDep, offset: Offset = 0, limit: Limit = 20
) -> ArticlePage:
    """The articles by the authors the caller follows, newest first."""
    selection = articles.Filter(feed_of=caller.id)
    page, total = articles.page(session, selection, caller.id, offset, limit)
    return ArticlePage(articles=page, articles_count=total)


@router.post("", status_code=status.HTTP_201_CREATED, responses=error_responses(401, 422))
def create_article(body: NewArticleBody, caller: SignedIn, session: SessionDep) -> ArticleResponse:
    """Publish an article; its slug comes from the title."""
    draft = body.article
    now = utc_now()
    # The unique constraint decides, so two articles of one title at once still get two slugs.
    for slug in candidates(draft.title):
        article = Article(
            author_id=caller.id,
            slug=slug,
            title=draft.title,
            description=draft.description,
            body=draft.body,
            favorites_count=0,
            created_at=now,
            updated_at=now,
        )
        session.add(article)
        try:
            session.flush()
            articles.set_tags(session, article.id, draft.tag_list)
            session.commit()
        except IntegrityError:
            session.rollback()
            continue
        return respond(session, article, caller)
    raise RuntimeError(f"no free slug for {draft.title!r}")


@router.get("/{slug:slug}", responses=error_responses(401, 404), openapi_extra=TOKEN_OPTIONAL)
def get_article(slug: SlugPath, viewer: Viewer, session: SessionDep) -> ArticleResponse:
    return respond(session, find(session, slug), viewer)


@router.put("/{slug:slug}", responses=error_responses(401, 403, 404, 422))
def update_article(
    slug: SlugPath, body: UpdateArticleBody, caller: SignedIn, session: SessionDep
) -> ArticleResponse:
    """Change what the body names; a new title gives a new slug, and the old one stops answering.

    Only its author may: moderators remove content, they do not rewrite it.
    """
    article = find(session, slug)
    if article.author_id != caller.id:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "only its author may edit an article")
    changes = body.article
    given = changes.model_fields_set
    new_title = "title" in given and slugify(changes.title) != slugify(article.title)
    slugs = candidates(changes.title) if new_title else [article.slug]
    for attempt in slugs:
        article.slug = attempt
        if "title" in given:
            article.title = changes.title
        if "description" in given:
            article.description = changes.description
        if "body" in given:
            article.body = changes.body
        article.updated_at = later_than(article.updated_at)
        try:
            if "tag_list" in given:
                articles.set_tags(session, article.id, changes.tag_list)
            session.commit()
        except IntegrityError:
            session.rollback()
            continue
        return respond(session, article, caller)
    raise RuntimeError(f"no free slug for {changes.title!r}")


@router.delete(
    "/{slug:slug}", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(401, 403, 404)
)
def delete_article(slug: SlugPath, caller: SignedIn, session: SessionDep) -> Response:
    """Remove the article with its tags, favorites and comments (ON DELETE CASCADE):
    its author, a moderator or an admin may."""
    article = find(session, slug)
    if article.author_id != caller.id and not caller.user.moderates:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "only its author, a moderator or an admin may delete an article",
        )
    session.delete(article)
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{slug}/favorite", responses=error_responses(401, 404))
def favorite_article(slug: SlugPath, caller: SignedIn, session: SessionDep) -> ArticleResponse:
    """Favorite the article; twice is once."""
    article = find(session, slug)
    articles.favorite(session, article.id, caller.id)
    return respond(session, article, caller)


@router.delete("/{slug}/favorite", responses=error_responses(401, 404))
def unfavorite_article(slug: SlugPath, caller: SignedIn, session: SessionDep) -> ArticleResponse:
    article = find(session, slug)
    articles.unfavorite(session, article.id, caller.id)
    return respond(session, article, caller)
