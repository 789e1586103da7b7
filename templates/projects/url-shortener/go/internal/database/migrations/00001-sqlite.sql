-- +goose Up
-- AUTOINCREMENT: an id is never handed out twice, even after a delete, as
-- PostgreSQL's identity columns behave.
CREATE TABLE links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL,
    -- Random codes and aliases share this column: the unique index keeps
    -- them apart and settles a race between two requests for one code.
    -- BINARY (SQLite's default) compares exactly, so codes are case-sensitive.
    short_code TEXT NOT NULL UNIQUE,
    -- Only ever changed by `access_count + 1` in SQL, never written back.
    access_count INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE links;
