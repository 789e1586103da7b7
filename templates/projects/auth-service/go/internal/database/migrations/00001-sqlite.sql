-- +goose Up
-- AUTOINCREMENT: an id is never handed out twice, even after a delete, as
-- PostgreSQL's identity columns behave.
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Stored lower-cased, so the constraint makes emails unique without regard to case.
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('user', 'admin')),
    created_at TEXT NOT NULL
);

-- A login starts a family; every refresh adds the next token to it and
-- spends the previous one. Revocation is recorded on the family, so a token
-- issued while its family is being revoked is dead the moment it exists.
CREATE TABLE token_families (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

CREATE INDEX token_families_user_id ON token_families (user_id);

CREATE TABLE refresh_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    family_id INTEGER NOT NULL REFERENCES token_families (id) ON DELETE CASCADE,
    -- The SHA-256 of the token in hex: the token itself is never stored.
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    spent_at TEXT
);

CREATE INDEX refresh_tokens_family_id ON refresh_tokens (family_id);

-- +goose Down
DROP TABLE refresh_tokens;
DROP TABLE token_families;
DROP TABLE users;
