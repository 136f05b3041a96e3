-- Orders as the shop platform (or a CSV export) reports them, and the loyalty
-- programme. Money is integer minor units plus an ISO 4217 code; *_shop
-- columns are the same amount in the shop's base currency (Shopify's
-- "shopMoney"), which is what loyalty tiers are computed from.

CREATE TABLE sources (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('imap', 'pop3', 'maildir', 'mbox', 'eml',
                                                 'chatwoot', 'shopify', 'woocommerce', 'csv', 'demo')),
    name            TEXT NOT NULL,
    folder          TEXT NOT NULL DEFAULT '',
    uidvalidity     INTEGER,
    last_uid        INTEGER,
    cursor          TEXT,                          -- chat / store "updated since" cursor
    state           TEXT NOT NULL DEFAULT 'idle',
    last_sync_at    INTEGER,
    last_error      TEXT,
    UNIQUE (kind, name, folder)
);

CREATE TABLE orders (
    id                 INTEGER PRIMARY KEY,
    customer_id        INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    source_id          INTEGER REFERENCES sources (id) ON DELETE SET NULL,
    external_id        TEXT,                       -- gid://shopify/Order/.. or Woo id
    number             TEXT NOT NULL,              -- what the customer sees: "#1042"
    placed_at          INTEGER NOT NULL,
    currency           TEXT NOT NULL CHECK (length(currency) = 3),
    subtotal           INTEGER NOT NULL,
    discount           INTEGER NOT NULL DEFAULT 0,
    shipping           INTEGER NOT NULL DEFAULT 0,
    tax                INTEGER NOT NULL DEFAULT 0,
    total              INTEGER NOT NULL,
    refunded           INTEGER NOT NULL DEFAULT 0,
    shop_currency      TEXT NOT NULL CHECK (length(shop_currency) = 3),
    total_shop         INTEGER NOT NULL,
    refunded_shop      INTEGER NOT NULL DEFAULT 0,
    financial_status   TEXT NOT NULL DEFAULT 'paid'
        CHECK (financial_status IN ('pending', 'authorized', 'paid', 'partially_refunded',
                                    'refunded', 'voided', 'unknown')),
    fulfillment_status TEXT NOT NULL DEFAULT 'unfulfilled'
        CHECK (fulfillment_status IN ('unfulfilled', 'partial', 'fulfilled', 'restocked', 'unknown')),
    cancelled_at       INTEGER,
    updated_at         INTEGER NOT NULL,
    synced_at          INTEGER,
    UNIQUE (source_id, external_id)
);
CREATE INDEX orders_customer ON orders (customer_id, placed_at DESC);
CREATE INDEX orders_number ON orders (number);

CREATE TABLE order_items (
    id           INTEGER PRIMARY KEY,
    order_id     INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    sku          TEXT NOT NULL DEFAULT '',
    title        TEXT NOT NULL,
    variant      TEXT NOT NULL DEFAULT '',
    qty          INTEGER NOT NULL CHECK (qty > 0),
    unit_price   INTEGER NOT NULL CHECK (unit_price >= 0),
    discount     INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0),   -- for the whole line
    returned_qty INTEGER NOT NULL DEFAULT 0 CHECK (returned_qty >= 0 AND returned_qty <= qty)
);
CREATE INDEX order_items_order ON order_items (order_id);
CREATE INDEX order_items_sku ON order_items (sku);

CREATE TABLE fulfillments (
    id              INTEGER PRIMARY KEY,
    order_id        INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    status          TEXT NOT NULL DEFAULT 'in_transit'
        CHECK (status IN ('pending', 'in_transit', 'out_for_delivery', 'delivered',
                          'failure', 'returned', 'unknown')),
    carrier         TEXT,
    tracking_number TEXT,
    tracking_url    TEXT,
    shipped_at      INTEGER,
    expected_at     INTEGER,
    delivered_at    INTEGER
);
CREATE INDEX fulfillments_order ON fulfillments (order_id);

CREATE TABLE loyalty_accounts (
    customer_id    INTEGER PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
    tier           TEXT NOT NULL DEFAULT 'Bronze',
    points         INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0),
    lifetime_spend INTEGER NOT NULL DEFAULT 0,      -- shop currency, minor units
    currency       TEXT NOT NULL CHECK (length(currency) = 3),
    referral_code  TEXT UNIQUE,
    referred_by    INTEGER REFERENCES customers (id) ON DELETE SET NULL,
    updated_at     INTEGER NOT NULL
);

CREATE TABLE loyalty_ledger (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    delta       INTEGER NOT NULL,
    reason      TEXT NOT NULL CHECK (reason IN ('purchase', 'refund', 'redeem', 'goodwill',
                                                'referral', 'expiry', 'adjust')),
    order_id    INTEGER REFERENCES orders (id) ON DELETE SET NULL,
    agent_id    INTEGER,                            -- REFERENCES agents, see 005
    note        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER
);
CREATE INDEX loyalty_ledger_customer ON loyalty_ledger (customer_id, created_at);
