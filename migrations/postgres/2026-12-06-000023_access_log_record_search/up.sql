-- On SQLite the access log's (record, answer) index becomes a full-text
-- index (see the SQLite migration of this name). PostgreSQL keeps its
-- b-tree: its writes are not serialised behind one writer.
SELECT 1;
