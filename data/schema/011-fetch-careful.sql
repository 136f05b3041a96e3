-- One message an IMAP server will not hand over (it answers NO, or drops
-- the connection, whenever that message is asked for) must not hold up the
-- mail behind it. After a batch fails, the folder is fetched one message at
-- a time up to careful_uid; a message that fails on its own several times
-- in a row (refused_uid, refused_count) is stored as a placeholder saying
-- so, with what its envelope tells, and the folder moves on. The message
-- itself stays on the server.
ALTER TABLE sources ADD COLUMN careful_uid INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN refused_uid INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN refused_count INTEGER NOT NULL DEFAULT 0;
