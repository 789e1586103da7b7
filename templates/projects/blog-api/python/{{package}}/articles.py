"""The blog's content as the routers need it: articles for a viewer, pages, tags, favorites.

Every read builds RealWorld's article for one viewer: whether they favorited
it and follow its author, and its tags, sorted.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    delete,
    exists,
    false,
    func,
    literal,
    select,
    update,
)
from sqlalchemy.orm import Session

from .core.timestamps import utc_now
from .insert import insert_ignoring_duplicates
from .models import Article, ArticleTag, Favorite, Follow, User
from .schemas import ArticleOut, ListedArticle
from .users import profile_of, username_key


def _viewer_favorited(viewer_id: int | None) -> ColumnElement[bool]:
    if viewer_id is None:
        return false()
    return exists().where(Favorite.article_id == Article.id, Favorite.user_id == viewer_id)


def _viewer_follows(viewer_id: int | None) -> ColumnElement[bool]:
    if viewer_id is None:
        return false()
    return exists().where(Follow.follower_id == viewer_id, Follow.followed_id == Article.author_id)


def _select(viewer_id: int | None) -> Select[Article, User, bool, bool]:
    return select(
        Article,
        User,
        _viewer_favorited(viewer_id).label("favorited"),
        _viewer_follows(viewer_id).label("following"),
    ).join(User, User.id == Article.author_id)


def tags_of(session: Session, article_ids: Sequence[int]) -> dict[int, list[str]]:
    """The tags of each article, sorted (by code point, as Python sorts)."""
    tags: dict[int, list[str]] = {article_id: [] for article_id in article_ids}
    if article_ids:
        rows = session.execute(
            select(ArticleTag.article_id, ArticleTag.tag).where(
                ArticleTag.article_id.in_(article_ids)
            )
        )
        for article_id, tag in rows:
            tags[article_id].append(tag)
    return {article_id: sorted(each) for article_id, each in tags.items()}


def _fields(row: Any, tags: list[str]) -> dict[str, Any]:
    article, author = row.Article, row.User
    return {
        "slug": article.slug,
        "title": article.title,
        "description": article.description,
        "tag_list": tags,
        "created_at": article.created_at,
        "updated_at": article.updated_at,
        "favorited": bool(row.favorited),
        "favorites_count": article.favorites_count,
        "author": profile_of(author, bool(row.following)),
    }


def find(session: Session, slug: str) -> Article | None:
    return session.scalar(select(Article).where(Article.slug == slug))


def view(session: Session, article_id: int, viewer_id: int | None) -> ArticleOut | None:
    """The article as the viewer sees it now, or None if it is gone."""
    row = session.execute(
        # Read afresh: another request may have changed the counter meanwhile.
        _select(viewer_id).where(Article.id == article_id).execution_options(populate_existing=True)
    ).one_or_none()
    if row is None:
        return None
    tags = tags_of(session, [article_id])[article_id]
    return ArticleOut(**_fields(row, tags), body=row.Article.body)


@dataclass(frozen=True)
class Filter:
    tag: str | None = None
    author: str | None = None
    favorited: str | None = None
    # When set, only the authors this user follows.
    feed_of: int | None = None


def _conditions(filter: Filter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filter.tag is not None:
        conditions.append(
            exists().where(ArticleTag.article_id == Article.id, ArticleTag.tag == filter.tag)
        )
    if filter.author is not None:
        conditions.append(User.username_key == username_key(filter.author))
    if filter.favorited is not None:
        fan = (
            select(Favorite.article_id)
            .join(User, User.id == Favorite.user_id)
            .where(User.username_key == username_key(filter.favorited))
        )
        conditions.append(Article.id.in_(fan))
    if filter.feed_of is not None:
        followed = select(Follow.followed_id).where(Follow.follower_id == filter.feed_of)
        conditions.append(Article.author_id.in_(followed))
    return conditions


def page(
    session: Session, filter: Filter, viewer_id: int | None, offset: int, limit: int
) -> tuple[list[ListedArticle], int]:
    """One page of the articles the filter selects, newest first, and how many it selects."""
    conditions = _conditions(filter)
    total = (
        session.scalar(
            select(func.count())
            .select_from(Article)
            .join(User, User.id == Article.author_id)
            .where(*conditions)
        )
        or 0
    )
    if offset >= total:
        # A page past the end is empty; skipping the query keeps huge offsets out of SQL.
        return [], total
    rows = session.execute(
        _select(viewer_id)
        .where(*conditions)
        .order_by(Article.created_at.desc(), Article.id.desc())
        .offset(offset)
        .limit(limit)
    ).all()
    tags = tags_of(session, [row.Article.id for row in rows])
    return [ListedArticle(**_fields(row, tags[row.Article.id])) for row in rows], total


def set_tags(session: Session, article_id: int, tags: Sequence[str]) -> None:
    """The article's tags become `tags`, a set: repeats count once."""
    session.execute(delete(ArticleTag).where(ArticleTag.article_id == article_id))
    session.add_all(ArticleTag(article_id=article_id, tag=tag) for tag in sorted(set(tags)))


def all_tags(session: Session) -> list[str]:
    """The tags of at least one article, sorted."""
    return sorted(session.scalars(select(ArticleTag.tag).distinct()))


def favorite(session: Session, article_id: int, user_id: int) -> None:
    """Record the favorite, once however often it is asked.

    The favorite and the counter change in one transaction, and the counter
    only when a row was really added, so favoritesCount stays exactly the
    number of favorites under any concurrency.
    """
    added = insert_ignoring_duplicates(
        session, Favorite, user_id=user_id, article_id=article_id, created_at=utc_now()
    )
    if added:
        _count(session, article_id, +1)
    session.commit()


def unfavorite(session: Session, article_id: int, user_id: int) -> None:
    """Remove the user's favorite of the article, if there is one."""
    removed = session.execute(
        delete(Favorite)
        .where(Favorite.user_id == user_id, Favorite.article_id == article_id)
        .returning(Favorite.user_id)
    ).first()
    if removed is not None:
        _count(session, article_id, -1)
    session.commit()


def _count(session: Session, article_id: int, change: int) -> None:
    session.execute(
        update(Article)
        .where(Article.id == article_id)
        .values(favorites_count=Article.favorites_count + literal(change))
    )
