-- +goose Up
-- AUTOINCREMENT: an id is never handed out twice, even after a delete, as
-- PostgreSQL's identity columns behave. Money is INTEGER minor units.
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    -- Stored lower-cased, so the constraint makes emails unique without regard to case.
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'customer' CHECK (role IN ('customer', 'admin')),
    created_at TEXT NOT NULL
);

CREATE TABLE products (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sku TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- Name and description with Unicode case folding applied, for ?q=:
    -- SQLite's own lower() and LIKE fold ASCII letters only.
    name_folded TEXT NOT NULL,
    description_folded TEXT NOT NULL,
    price_cents INTEGER NOT NULL CHECK (price_cents > 0),
    -- The last line of defence: a checkout that would oversell fails here.
    stock INTEGER NOT NULL CHECK (stock >= 0),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- SKUs are stored as given and unique without regard to case (they are ASCII).
CREATE UNIQUE INDEX products_sku_key ON products (lower(sku));
CREATE INDEX products_active_created_at ON products (active, created_at, id);

-- One cart per customer: a line per product, in the order first added.
CREATE TABLE cart_items (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES products (id),
    quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    added_at TEXT NOT NULL,
    PRIMARY KEY (user_id, product_id)
);

CREATE TABLE orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('pending_payment', 'paid', 'cancelled')),
    total_cents INTEGER NOT NULL CHECK (total_cents >= 0),
    currency TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX orders_user_id_created_at ON orders (user_id, created_at, id);

-- The lines as they were at checkout: sku, name and price frozen.
CREATE TABLE order_items (
    order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line_no INTEGER NOT NULL,
    product_id INTEGER NOT NULL REFERENCES products (id),
    sku TEXT NOT NULL,
    name TEXT NOT NULL,
    unit_price_cents INTEGER NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, line_no)
);

-- Only brand and last four digits: never the number or the CVC.
CREATE TABLE payments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'declined')),
    decline_code TEXT,
    amount_cents INTEGER NOT NULL,
    currency TEXT NOT NULL,
    card_brand TEXT NOT NULL,
    card_last4 TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- One live payment per order, by a constraint rather than a check in code.
CREATE UNIQUE INDEX payments_one_live_per_order ON payments (order_id) WHERE status IN ('pending', 'succeeded');
CREATE INDEX payments_order_id_created_at ON payments (order_id, created_at, id);

-- A key is claimed (resource_id null) in the transaction that does the work
-- and completed (resource_id set) before it commits.
CREATE TABLE idempotency_keys (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    resource_id INTEGER,
    created_at TEXT NOT NULL,
    UNIQUE (user_id, scope, key)
);

CREATE INDEX idempotency_keys_user_id_created_at ON idempotency_keys (user_id, created_at);

-- Every signed event applied or acknowledged, so a redelivery changes nothing.
CREATE TABLE webhook_events (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    payment_id INTEGER NOT NULL,
    received_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE webhook_events;
DROP TABLE idempotency_keys;
DROP TABLE payments;
DROP TABLE order_items;
DROP TABLE orders;
DROP TABLE cart_items;
DROP TABLE products;
DROP TABLE users;
