-- +goose Up
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    -- Stored lower-cased: it names the customer whose orders keep their order.
    customer_email TEXT NOT NULL,
    -- The lines as the API returns them, [{"sku":…,"quantity":…}]: an order's
    -- lines are read and written whole, never queried one by one.
    items TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'placed' CHECK (status IN ('placed', 'confirmed', 'rejected')),
    reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX orders_status_id ON orders (status, id);

CREATE TABLE inventory (
    sku TEXT PRIMARY KEY,
    available INTEGER NOT NULL CHECK (available >= 0)
);

-- The outbox: every event of every order, written in the transaction that
-- caused it. The relay publishes the rows whose published_at is NULL, in id
-- order, and then sets it; the rows stay, as the history of their order.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    published_at TEXT
);
CREATE INDEX events_order_id ON events (order_id, id);
CREATE INDEX events_unpublished ON events (id) WHERE published_at IS NULL;

-- One row per event a consumer group has applied, written in the same
-- transaction as the effect: a second delivery finds it and changes nothing.
CREATE TABLE processed_events (
    consumer_group TEXT NOT NULL,
    event_id INTEGER NOT NULL,
    processed_at TEXT NOT NULL,
    PRIMARY KEY (consumer_group, event_id)
);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    -- One notification per outcome event, whatever the deliveries.
    event_id INTEGER NOT NULL UNIQUE REFERENCES events (id),
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX notifications_order_id ON notifications (order_id, id);

-- +goose Down
DROP TABLE notifications;
DROP TABLE processed_events;
DROP TABLE events;
DROP TABLE inventory;
DROP TABLE orders;
