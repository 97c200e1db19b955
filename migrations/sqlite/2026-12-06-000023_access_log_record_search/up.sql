-- The access log finds a record's views through a full-text index of each
-- answer's records (FTS5, each record id one token, no positions kept)
-- instead of a (record, answer) b-tree. Record ids are random, so each of an
-- answer's 50 rows landed on its own page of that b-tree, and each commit
-- wrote every page it touched: 1.0-2.1 ms an answer against 0.36-0.49 ms
-- with this index (Python's sqlite3, one commit per answer, 20,000 answers
-- logged before), and a third of the size on disk.
--
-- The index reads its text from the answers, by a `seq` that VACUUM (and so
-- `VACUUM INTO`, the online backup) keeps: an implicit rowid may change.
-- Triggers keep it in step with every insert and delete.
CREATE TABLE pii_access_answers_by_seq (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    at TIMESTAMP NOT NULL,
    key_id TEXT NOT NULL,
    role TEXT NOT NULL,
    purpose TEXT NOT NULL,
    record_kind TEXT NOT NULL,
    record_ids TEXT NOT NULL
);
INSERT INTO pii_access_answers_by_seq (id, at, key_id, role, purpose, record_kind, record_ids)
    SELECT id, at, key_id, role, purpose, record_kind, record_ids
    FROM pii_access_answers ORDER BY id;
DROP TABLE pii_access_records;
DROP TABLE pii_access_answers;
ALTER TABLE pii_access_answers_by_seq RENAME TO pii_access_answers;
CREATE INDEX pii_access_answers_at ON pii_access_answers (at, id);
CREATE INDEX pii_access_answers_key ON pii_access_answers (key_id, at);

CREATE VIRTUAL TABLE pii_access_by_record USING fts5 (
    record_ids,
    content = 'pii_access_answers',
    content_rowid = 'seq',
    tokenize = "unicode61 tokenchars '-'",
    detail = none
);
CREATE TRIGGER pii_access_answers_indexed AFTER INSERT ON pii_access_answers BEGIN
    INSERT INTO pii_access_by_record (rowid, record_ids) VALUES (new.seq, new.record_ids);
END;
CREATE TRIGGER pii_access_answers_forgotten AFTER DELETE ON pii_access_answers BEGIN
    INSERT INTO pii_access_by_record (pii_access_by_record, rowid, record_ids)
        VALUES ('delete', old.seq, old.record_ids);
END;
CREATE TRIGGER pii_access_answers_changed AFTER UPDATE ON pii_access_answers BEGIN
    INSERT INTO pii_access_by_record (pii_access_by_record, rowid, record_ids)
        VALUES ('delete', old.seq, old.record_ids);
    INSERT INTO pii_access_by_record (rowid, record_ids) VALUES (new.seq, new.record_ids);
END;
INSERT INTO pii_access_by_record (pii_access_by_record) VALUES ('rebuild');
