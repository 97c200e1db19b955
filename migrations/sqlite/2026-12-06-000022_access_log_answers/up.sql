-- The personal-data access log keeps one row per answer (the records it
-- showed in full, one per line) and an index of (record, answer). Logged as
-- one row per record with three indexes, a queue page of 50 tickets wrote
-- 200 index entries before its answer could leave, most of the cost of
-- reading one on SQLite. Entries are numbered within their answer: the
-- answer's id, a dot and the record's place in three digits.
CREATE TABLE pii_access_answers (
    id TEXT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    key_id TEXT NOT NULL,
    role TEXT NOT NULL,
    purpose TEXT NOT NULL,
    record_kind TEXT NOT NULL,
    record_ids TEXT NOT NULL
);
CREATE INDEX pii_access_answers_at ON pii_access_answers (at, id);
CREATE INDEX pii_access_answers_key ON pii_access_answers (key_id, at);
CREATE TABLE pii_access_records (
    record_id TEXT NOT NULL,
    answer_id TEXT NOT NULL,
    PRIMARY KEY (record_id, answer_id)
) WITHOUT ROWID;

-- Each earlier entry becomes an answer of its one record.
INSERT INTO pii_access_answers (id, at, key_id, role, purpose, record_kind, record_ids)
    SELECT id, at, key_id, role, purpose, record_kind, ticket_id FROM pii_access_log;
INSERT INTO pii_access_records (record_id, answer_id)
    SELECT ticket_id, id FROM pii_access_log;
DROP TABLE pii_access_log;
