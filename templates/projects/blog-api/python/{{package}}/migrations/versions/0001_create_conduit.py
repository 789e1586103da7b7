"""Create users, follows, articles, tags, favorites and comments.

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# 64-bit ids; on SQLite only an INTEGER primary key is the (already 64-bit) rowid.
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIME = sa.DateTime(timezone=True)

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _user(name: str) -> sa.Column[int]:
    return sa.Column(name, BIG_ID, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False)


def _article() -> sa.Column[int]:
    return sa.Column(
        "article_id", BIG_ID, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", BIG_ID, primary_key=True),
        sa.Column("username", sa.String(32), nullable=False),
        sa.Column("username_key", sa.String(32), nullable=False, unique=True),
        sa.Column("email", sa.Text(), nullable=False, unique=True),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("bio", sa.Text(), nullable=True),
        sa.Column("image", sa.Text(), nullable=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.CheckConstraint("role IN ('author', 'moderator', 'admin')", name="role"),
    )
    op.create_table(
        "follows",
        _user("follower_id"),
        _user("followed_id"),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("follower_id", "followed_id"),
        sa.CheckConstraint("follower_id <> followed_id", name="not_yourself"),
    )
    op.create_index("ix_follows_followed_id", "follows", ["followed_id"])
    op.create_table(
        "articles",
        sa.Column("id", BIG_ID, primary_key=True),
        _user("author_id"),
        sa.Column("slug", sa.String(100), nullable=False, unique=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("favorites_count", sa.Integer(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.CheckConstraint("favorites_count >= 0", name="favorites_count"),
    )
    op.create_index("ix_articles_created_at", "articles", ["created_at", "id"])
    op.create_index(
        "ix_articles_author_id_created_at", "articles", ["author_id", "created_at", "id"]
    )
    op.create_table(
        "article_tags",
        _article(),
        sa.Column("tag", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("article_id", "tag"),
    )
    op.create_index("ix_article_tags_tag", "article_tags", ["tag"])
    op.create_table(
        "favorites",
        _user("user_id"),
        _article(),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("user_id", "article_id"),
    )
    op.create_index("ix_favorites_article_id", "favorites", ["article_id"])
    op.create_table(
        "comments",
        sa.Column("id", BIG_ID, primary_key=True),
        _article(),
        _user("author_id"),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
    )
    op.create_index("ix_comments_article_id", "comments", ["article_id", "created_at", "id"])


def downgrade() -> None:
    op.drop_table("comments")
    op.drop_table("favorites")
    op.drop_table("article_tags")
    op.drop_table("articles")
    op.drop_table("follows")
    op.drop_table("users")
