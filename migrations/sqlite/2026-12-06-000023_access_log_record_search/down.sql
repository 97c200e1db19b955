DROP TRIGGER pii_access_answers_changed;
DROP TRIGGER pii_access_answers_forgotten;
DROP TRIGGER pii_access_answers_indexed;
DROP TABLE pii_access_by_record;
CREATE TABLE pii_access_answers_by_id (
    id TEXT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    key_id TEXT NOT NULL,
    role TEXT NOT NULL,
    purpose TEXT NOT NULL,
    record_kind TEXT NOT NULL,
    record_ids TEXT NOT NULL
);
INSERT INTO pii_access_answers_by_id (id, at, key_id, role, purpose, record_kind, record_ids)
    SELECT id, at, key_id, role, purpose, record_kind, record_ids FROM pii_access_answers;
DROP TABLE pii_access_answers;
ALTER TABLE pii_access_answers_by_id RENAME TO pii_access_answers;
CREATE INDEX pii_access_answers_at ON pii_access_answers (at, id);
CREATE INDEX pii_access_answers_key ON pii_access_answers (key_id, at);
CREATE TABLE pii_access_records (
    record_id TEXT NOT NULL,
    answer_id TEXT NOT NULL,
    PRIMARY KEY (record_id, answer_id)
) WITHOUT ROWID;
WITH RECURSIVE split (id, record_id, rest) AS (
    SELECT id, NULL, record_ids || char(10) FROM pii_access_answers
    UNION ALL
    SELECT id, substr(rest, 1, instr(rest, char(10)) - 1), substr(rest, instr(rest, char(10)) + 1)
    FROM split WHERE rest <> ''
)
INSERT OR IGNORE INTO pii_access_records (record_id, answer_id)
    SELECT record_id, id FROM split WHERE record_id IS NOT NULL;
