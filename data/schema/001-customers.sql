-- Customers and the identities (email, phone, chat id, platform id) that map
-- to them. Everything customer-related hangs off customers.id.

CREATE TABLE customers (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL DEFAULT '',
    email             TEXT,                       -- primary address, lower-case
    phone             TEXT,
    locale            TEXT NOT NULL DEFAULT 'en', -- picks the template language
    country           TEXT,                       -- ISO 3166-1 alpha-2
    marketing_consent INTEGER NOT NULL DEFAULT 0 CHECK (marketing_consent IN (0, 1)),
    erased            INTEGER NOT NULL DEFAULT 0 CHECK (erased IN (0, 1)),
    note              TEXT NOT NULL DEFAULT '',
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);
CREATE INDEX customers_email ON customers (email);
CREATE INDEX customers_name ON customers (name COLLATE NOCASE);

CREATE TABLE customer_identities (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('email', 'phone', 'chat', 'shopify', 'woocommerce')),
    value       TEXT NOT NULL,                    -- normalised: emails lower-case
    created_at  INTEGER NOT NULL,
    UNIQUE (kind, value)
);
CREATE INDEX customer_identities_customer ON customer_identities (customer_id);
