-- Raw messages are kept compressed (zstd) when that makes them smaller:
-- support mail shrinks to less than half, and every byte not stored is one
-- the log and the database do not both have to write. Rows from before keep
-- their bytes as they came ('none').
ALTER TABLE message_raw ADD COLUMN codec TEXT NOT NULL DEFAULT 'none'
    CHECK (codec IN ('none', 'zstd'));

-- A content hash is only looked up for a message without a Message-ID (the
-- same bytes parse to the same headers), so only those need the index.
DROP INDEX messages_content_hash;
CREATE INDEX messages_content_hash ON messages (content_hash) WHERE external_id IS NULL;

-- The search index under bulk writes: larger leaf pages, a larger pending
-- index before it is written out, and segments merged eight at a time
-- instead of four. Searching a desk's mail stays a matter of milliseconds.
INSERT INTO messages_fts (messages_fts, rank) VALUES ('pgsz', 16000);
INSERT INTO messages_fts (messages_fts, rank) VALUES ('hashsize', 8388608);
INSERT INTO messages_fts (messages_fts, rank) VALUES ('automerge', 8);
