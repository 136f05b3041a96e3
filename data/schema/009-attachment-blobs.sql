-- Attachment bytes inside the database, once per SHA-256, written in the
-- same transaction as the message that brought them: no file to create and
-- flush per attachment, nothing half-written after a crash. Attachments of
-- databases made before this version stay readable from DB.attachments/.
CREATE TABLE attachment_blobs (
    sha256 TEXT PRIMARY KEY,
    data   BLOB NOT NULL
);

-- A bulk import indexes its messages for search once per batch instead of
-- once per message (SQLite 3.40's FTS5 flushes its pending index at every
-- statement of a transaction, which costs more than the import itself).
-- The importer puts one row here inside its write transaction, indexes the
-- messages after fts_deferred.after_id itself, and deletes the row before
-- committing: other connections never see a row, and every other writer
-- keeps indexing each message as it is inserted.
CREATE TABLE fts_deferred (
    after_id INTEGER NOT NULL
);
DROP TRIGGER messages_fts_ai;
CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages
WHEN NOT EXISTS (SELECT 1 FROM fts_deferred) BEGIN
    INSERT INTO messages_fts (rowid, subject, body) VALUES (new.id, new.subject, new.body);
END;
