-- Returns and exchanges, satisfaction surveys, the outgoing-message outbox,
-- the audit log and the user's own templates.

CREATE TABLE returns (
    id              INTEGER PRIMARY KEY,
    rma             TEXT NOT NULL UNIQUE,
    order_id        INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    customer_id     INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    ticket_id       INTEGER REFERENCES tickets (id) ON DELETE SET NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('return', 'exchange')),
    status          TEXT NOT NULL DEFAULT 'requested'
        CHECK (status IN ('requested', 'approved', 'in_transit', 'received', 'refunded',
                          'credited', 'exchanged', 'closed', 'rejected', 'cancelled')),
    resolution      TEXT NOT NULL CHECK (resolution IN ('refund', 'credit', 'exchange')),
    currency        TEXT NOT NULL CHECK (length(currency) = 3),
    refund_amount   INTEGER NOT NULL DEFAULT 0 CHECK (refund_amount >= 0),
    credit_amount   INTEGER NOT NULL DEFAULT 0 CHECK (credit_amount >= 0),
    restocking_fee  INTEGER NOT NULL DEFAULT 0,
    shipping_fee    INTEGER NOT NULL DEFAULT 0,
    replacement_order_id INTEGER REFERENCES orders (id) ON DELETE SET NULL,
    note            TEXT NOT NULL DEFAULT '',
    created_by      INTEGER REFERENCES agents (id) ON DELETE SET NULL,
    approved_by     INTEGER REFERENCES agents (id) ON DELETE SET NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX returns_customer ON returns (customer_id, created_at DESC);
CREATE INDEX returns_status ON returns (status, created_at);
CREATE INDEX returns_order ON returns (order_id);

CREATE TABLE return_items (
    id            INTEGER PRIMARY KEY,
    return_id     INTEGER NOT NULL REFERENCES returns (id) ON DELETE CASCADE,
    order_item_id INTEGER NOT NULL REFERENCES order_items (id) ON DELETE CASCADE,
    qty           INTEGER NOT NULL CHECK (qty > 0),
    reason        TEXT NOT NULL CHECK (reason IN ('defective', 'not_as_described', 'wrong_item',
                                                  'unwanted', 'too_small', 'too_large', 'style',
                                                  'colour', 'other')),
    note          TEXT NOT NULL DEFAULT '',
    condition     TEXT,
    restock       INTEGER CHECK (restock IN (0, 1)),
    exchange_sku  TEXT
);
CREATE INDEX return_items_return ON return_items (return_id);

CREATE TABLE surveys (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('csat', 'nps', 'product')),
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    ticket_id   INTEGER REFERENCES tickets (id) ON DELETE SET NULL,
    order_id    INTEGER REFERENCES orders (id) ON DELETE SET NULL,
    product_sku TEXT,
    token_hash  TEXT NOT NULL UNIQUE,              -- sha256 of the token sent out
    sent_at     INTEGER,
    answered_at INTEGER,
    score       INTEGER,
    comment     TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    CHECK (score IS NULL
           OR (kind = 'nps' AND score BETWEEN 0 AND 10)
           OR (kind IN ('csat', 'product') AND score BETWEEN 1 AND 5))
);
CREATE INDEX surveys_customer ON surveys (customer_id, answered_at DESC);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    message_id      INTEGER REFERENCES messages (id) ON DELETE SET NULL,
    ticket_id       INTEGER REFERENCES tickets (id) ON DELETE SET NULL,
    transport       TEXT NOT NULL CHECK (transport IN ('smtp', 'chat')),
    account         TEXT NOT NULL DEFAULT '',
    envelope_from   TEXT NOT NULL DEFAULT '',
    recipients      TEXT NOT NULL DEFAULT '',      -- JSON array of addr-specs
    payload         BLOB NOT NULL,                 -- frozen bytes, never rebuilt
    idempotency_key TEXT NOT NULL UNIQUE,          -- the Message-ID for mail
    state           TEXT NOT NULL DEFAULT 'queued'
        CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'dead', 'cancelled')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    agent_id    INTEGER REFERENCES agents (id) ON DELETE SET NULL,
    action      TEXT NOT NULL,                      -- an operation name
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '{}'          -- JSON
);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id, at);

CREATE TABLE templates (
    id         INTEGER PRIMARY KEY,
    locale     TEXT NOT NULL,
    name       TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (locale, name)
);
