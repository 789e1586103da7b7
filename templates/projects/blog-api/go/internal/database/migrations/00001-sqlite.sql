-- +goose Up
-- AUTOINCREMENT: an id is never handed out twice, even after a delete, as
-- PostgreSQL's identity columns behave.
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL,
    -- The username lower-cased (usernames are ASCII), so the constraint makes
    -- them unique without regard to case, and lookups ignore case too.
    username_key TEXT NOT NULL UNIQUE,
    -- Stored lower-cased, so the constraint makes emails unique without regard to case.
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    bio TEXT,
    image TEXT,
    role TEXT NOT NULL DEFAULT 'author' CHECK (role IN ('author', 'moderator', 'admin')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE follows (
    follower_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    followed_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (follower_id, followed_id),
    CHECK (follower_id <> followed_id)
);
CREATE INDEX follows_followed_id ON follows (followed_id);

CREATE TABLE articles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    body TEXT NOT NULL,
    -- Kept in step with the favorites table in the same transaction, so a
    -- list shows counts without counting rows for every article.
    favorites_count INTEGER NOT NULL DEFAULT 0 CHECK (favorites_count >= 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- Lists are newest first, overall and by author.
CREATE INDEX articles_created_at ON articles (created_at, id);
CREATE INDEX articles_author_id_created_at ON articles (author_id, created_at, id);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (article_id, tag)
);
CREATE INDEX article_tags_tag ON article_tags (tag);

CREATE TABLE favorites (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, article_id)
);
CREATE INDEX favorites_article_id ON favorites (article_id);

CREATE TABLE comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX comments_article_id ON comments (article_id, created_at, id);

-- +goose Down
DROP TABLE comments;
DROP TABLE favorites;
DROP TABLE article_tags;
DROP TABLE articles;
DROP TABLE follows;
DROP TABLE users;
