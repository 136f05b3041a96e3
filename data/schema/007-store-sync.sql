-- When a customer's orders were last read again from a shop (an agent opened
-- one of their tickets and the cache was older than the store's
-- refresh_after). A whole-shop sync (sources.last_sync_at) counts too.

CREATE TABLE customer_sync (
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    source_id   INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    checked_at  INTEGER NOT NULL,
    PRIMARY KEY (customer_id, source_id)
) WITHOUT ROWID;
