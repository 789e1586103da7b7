-- +goose Up
-- AUTOINCREMENT: an id is never handed out twice, even after a delete, as
-- PostgreSQL's identity columns behave.
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    -- Stored lower-cased, so the constraint makes emails unique without regard to case.
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE todos (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- Title and description with Unicode case folding applied, for ?q=:
    -- SQLite's own lower() and LIKE fold ASCII letters only.
    title_folded TEXT NOT NULL,
    description_folded TEXT NOT NULL,
    completed INTEGER NOT NULL DEFAULT 0 CHECK (completed IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Every list is one user's todos in creation order.
CREATE INDEX todos_user_id_created_at ON todos (user_id, created_at, id);

-- +goose Down
DROP TABLE todos;
DROP TABLE users;
