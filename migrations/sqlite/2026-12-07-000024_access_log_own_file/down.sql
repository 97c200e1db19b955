-- The access log back into the database file, as the previous migration
-- left it; the attached file is left empty.
CREATE TABLE main.pii_access_answers (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    at TIMESTAMP NOT NULL,
    key_id TEXT NOT NULL,
    role TEXT NOT NULL,
    purpose TEXT NOT NULL,
    record_kind TEXT NOT NULL,
    record_ids TEXT NOT NULL
);
INSERT INTO main.pii_access_answers (id, at, key_id, role, purpose, record_kind, record_ids)
    SELECT id, at, key_id, role, purpose, record_kind, record_ids
    FROM access.pii_access_answers ORDER BY seq;
CREATE INDEX main.pii_access_answers_at ON pii_access_answers (at, id);
CREATE INDEX main.pii_access_answers_key ON pii_access_answers (key_id, at);
CREATE VIRTUAL TABLE main.pii_access_by_record USING fts5 (
    record_ids,
    content = 'pii_access_answers',
    content_rowid = 'seq',
    tokenize = "unicode61 tokenchars '-'",
    detail = none
);
CREATE TRIGGER main.pii_access_answers_indexed AFTER INSERT ON pii_access_answers BEGIN
    INSERT INTO pii_access_by_record (rowid, record_ids) VALUES (new.seq, new.record_ids);
END;
CREATE TRIGGER main.pii_access_answers_forgotten AFTER DELETE ON pii_access_answers BEGIN
    INSERT INTO pii_access_by_record (pii_access_by_record, rowid, record_ids)
        VALUES ('delete', old.seq, old.record_ids);
END;
CREATE TRIGGER main.pii_access_answers_changed AFTER UPDATE ON pii_access_answers BEGIN
    INSERT INTO pii_access_by_record (pii_access_by_record, rowid, record_ids)
        VALUES ('delete', old.seq, old.record_ids);
    INSERT INTO pii_access_by_record (rowid, record_ids) VALUES (new.seq, new.record_ids);
END;
INSERT INTO main.pii_access_by_record (pii_access_by_record) VALUES ('rebuild');
DROP TRIGGER access.pii_access_answers_changed;
DROP TRIGGER access.pii_access_answers_forgotten;
DROP TRIGGER access.pii_access_answers_indexed;
DROP TABLE access.pii_access_by_record;
DROP TABLE access.pii_access_answers;
