-- Agents, tickets and the messages of each conversation, with an FTS5 index
-- over the text agents search. Bodies are stored decoded (UTF-8) and
-- sanitised only when drawn; the raw source is kept for audit.

CREATE TABLE agents (
    id         INTEGER PRIMARY KEY,
    login      TEXT NOT NULL UNIQUE,               -- unix login
    uid        INTEGER UNIQUE,
    name       TEXT NOT NULL DEFAULT '',
    role       TEXT NOT NULL CHECK (role IN ('agent', 'lead', 'admin')),
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    signature  TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);

CREATE TABLE tickets (
    id                INTEGER PRIMARY KEY,
    customer_id       INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    channel           TEXT NOT NULL CHECK (channel IN ('email', 'chat')),
    status            TEXT NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'open', 'pending', 'solved', 'closed')),
    priority          TEXT NOT NULL DEFAULT 'normal'
        CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    subject           TEXT NOT NULL DEFAULT '',
    assignee_id       INTEGER REFERENCES agents (id) ON DELETE SET NULL,
    order_id          INTEGER REFERENCES orders (id) ON DELETE SET NULL,
    source_id         INTEGER REFERENCES sources (id) ON DELETE SET NULL,
    follow_up_of      INTEGER REFERENCES tickets (id) ON DELETE SET NULL,
    message_count     INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,   -- last activity: drives the queue order
    first_response_at INTEGER,
    solved_at         INTEGER,
    sla_due_at        INTEGER
);
-- Keyset paging: (updated_at, id) and (created_at, id) are total orders.
CREATE INDEX tickets_updated ON tickets (updated_at DESC, id DESC);
CREATE INDEX tickets_created ON tickets (created_at DESC, id DESC);
CREATE INDEX tickets_status_updated ON tickets (status, updated_at DESC, id DESC);
CREATE INDEX tickets_customer ON tickets (customer_id, updated_at DESC);
CREATE INDEX tickets_assignee ON tickets (assignee_id, updated_at DESC);

CREATE TABLE ticket_tags (
    ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    tag       TEXT NOT NULL,
    PRIMARY KEY (ticket_id, tag)
) WITHOUT ROWID;

CREATE TABLE messages (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    direction   TEXT NOT NULL CHECK (direction IN ('in', 'out', 'note')),
    channel     TEXT NOT NULL CHECK (channel IN ('email', 'chat')),
    external_id TEXT,                  -- Message-ID without <>, or chat message id
    in_reply_to TEXT,
    from_name   TEXT NOT NULL DEFAULT '',
    from_addr   TEXT NOT NULL DEFAULT '',
    to_addr     TEXT NOT NULL DEFAULT '',
    subject     TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL DEFAULT '',
    agent_id    INTEGER REFERENCES agents (id) ON DELETE SET NULL,
    source_id   INTEGER REFERENCES sources (id) ON DELETE SET NULL,
    content_hash TEXT,                 -- sha256 of the raw message, for dedupe
    created_at  INTEGER NOT NULL
);
CREATE INDEX messages_ticket ON messages (ticket_id, created_at, id);
CREATE INDEX messages_external ON messages (external_id);

CREATE TABLE message_raw (
    message_id INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    raw        BLOB NOT NULL
);

CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    message_id   INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    filename     TEXT NOT NULL DEFAULT '',
    content_type TEXT NOT NULL DEFAULT 'application/octet-stream',
    size         INTEGER NOT NULL CHECK (size >= 0),
    sha256       TEXT NOT NULL          -- the bytes live once, under the attachment dir
);
CREATE INDEX attachments_message ON attachments (message_id);
CREATE INDEX attachments_sha256 ON attachments (sha256);

-- remove_diacritics 2 lets "vraceni" find "vrácení"; unicode61 folds case
-- for Cyrillic as well as Latin.
CREATE VIRTUAL TABLE messages_fts USING fts5 (
    subject, body,
    content = 'messages', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, subject, body) VALUES (new.id, new.subject, new.body);
END;
CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, subject, body)
        VALUES ('delete', old.id, old.subject, old.body);
END;
CREATE TRIGGER messages_fts_au AFTER UPDATE OF subject, body ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, subject, body)
        VALUES ('delete', old.id, old.subject, old.body);
    INSERT INTO messages_fts (rowid, subject, body) VALUES (new.id, new.subject, new.body);
END;
