-- Mail ingest: per-message flags and a visible notice (a message over a
-- limit is stored raw with a notice, never dropped), and the indexes that
-- make de-duplication and threading cheap.

ALTER TABLE messages ADD COLUMN flags INTEGER NOT NULL DEFAULT 0;  -- mime_flag bits
ALTER TABLE messages ADD COLUMN notice TEXT;                       -- why it is incomplete

CREATE INDEX messages_content_hash ON messages (content_hash);

-- Which remote item (IMAP UID, POP3 UIDL, file name) of a source has been
-- stored, saved in the same transaction as the message it brought.
CREATE TABLE source_items (
    source_id  INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    remote_id  TEXT NOT NULL,
    message_id INTEGER REFERENCES messages (id) ON DELETE SET NULL,
    seen_at    INTEGER NOT NULL,
    PRIMARY KEY (source_id, remote_id)
) WITHOUT ROWID;
