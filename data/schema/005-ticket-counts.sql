-- Queue counts kept up to date by triggers, so that the status line and
-- stats.summary cost one small read instead of a scan of every ticket.

CREATE TABLE ticket_counts (
    status  TEXT NOT NULL,
    channel TEXT NOT NULL,
    n       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (status, channel)
) WITHOUT ROWID;

INSERT INTO ticket_counts (status, channel, n)
    SELECT status, channel, count(*) FROM tickets GROUP BY status, channel;

CREATE TRIGGER ticket_counts_ai AFTER INSERT ON tickets BEGIN
    INSERT INTO ticket_counts (status, channel, n) VALUES (new.status, new.channel, 1)
        ON CONFLICT (status, channel) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER ticket_counts_ad AFTER DELETE ON tickets BEGIN
    UPDATE ticket_counts SET n = n - 1 WHERE status = old.status AND channel = old.channel;
END;
CREATE TRIGGER ticket_counts_au AFTER UPDATE OF status, channel ON tickets
    WHEN old.status != new.status OR old.channel != new.channel BEGIN
    UPDATE ticket_counts SET n = n - 1 WHERE status = old.status AND channel = old.channel;
    INSERT INTO ticket_counts (status, channel, n) VALUES (new.status, new.channel, 1)
        ON CONFLICT (status, channel) DO UPDATE SET n = n + 1;
END;

-- customer.show lists the customers someone referred.
CREATE INDEX loyalty_accounts_referred_by ON loyalty_accounts (referred_by);
