-- The personal-data access log moves into its own file beside the database
-- (`<database>-access`, which every connection attaches as `access`; see
-- `db::pool::access_log_file`). An operator's every queue page logs its full
-- views; with the log in the database each of those commits made every other
-- connection drop its cached pages at its next read, so queue pages read
-- from a cold cache. The tables keep their names and shapes.
CREATE TABLE IF NOT EXISTS access.pii_access_answers (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    at TIMESTAMP NOT NULL,
    key_id TEXT NOT NULL,
    role TEXT NOT NULL,
    purpose TEXT NOT NULL,
    record_kind TEXT NOT NULL,
    record_ids TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS access.pii_access_answers_at ON pii_access_answers (at, id);
CREATE INDEX IF NOT EXISTS access.pii_access_answers_key ON pii_access_answers (key_id, at);
CREATE VIRTUAL TABLE IF NOT EXISTS access.pii_access_by_record USING fts5 (
    record_ids,
    content = 'pii_access_answers',
    content_rowid = 'seq',
    tokenize = "unicode61 tokenchars '-'",
    detail = none
);
CREATE TRIGGER IF NOT EXISTS access.pii_access_answers_indexed AFTER INSERT ON pii_access_answers BEGIN
    INSERT INTO pii_access_by_record (rowid, record_ids) VALUES (new.seq, new.record_ids);
END;
CREATE TRIGGER IF NOT EXISTS access.pii_access_answers_forgotten AFTER DELETE ON pii_access_answers BEGIN
    INSERT INTO pii_access_by_record (pii_access_by_record, rowid, record_ids)
        VALUES ('delete', old.seq, old.record_ids);
END;
CREATE TRIGGER IF NOT EXISTS access.pii_access_answers_changed AFTER UPDATE ON pii_access_answers BEGIN
    INSERT INTO pii_access_by_record (pii_access_by_record, rowid, record_ids)
        VALUES ('delete', old.seq, old.record_ids);
    INSERT INTO pii_access_by_record (rowid, record_ids) VALUES (new.seq, new.record_ids);
END;
-- An access file that outlived its database (restored from an older backup)
-- keeps its entries: those the database also holds are not copied twice.
INSERT OR IGNORE INTO access.pii_access_answers (id, at, key_id, role, purpose, record_kind, record_ids)
    SELECT id, at, key_id, role, purpose, record_kind, record_ids
    FROM main.pii_access_answers ORDER BY seq;
DROP TRIGGER main.pii_access_answers_changed;
DROP TRIGGER main.pii_access_answers_forgotten;
DROP TRIGGER main.pii_access_answers_indexed;
DROP TABLE main.pii_access_by_record;
DROP TABLE main.pii_access_answers;
