CREATE TABLE pii_access_log (
    id TEXT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    key_id TEXT NOT NULL,
    role TEXT NOT NULL,
    ticket_id TEXT NOT NULL,
    purpose TEXT NOT NULL,
    record_kind TEXT NOT NULL DEFAULT 'ticket'
);
CREATE INDEX pii_access_log_ticket_id ON pii_access_log (ticket_id);
CREATE INDEX pii_access_log_at ON pii_access_log (at, id);
CREATE INDEX pii_access_log_key ON pii_access_log (key_id, at);
-- One entry per record, with the ids the service showed (answer id, a dot,
-- the record's place in three digits).
WITH RECURSIVE split (id, at, key_id, role, purpose, record_kind, n, record_id, rest) AS (
    SELECT id, at, key_id, role, purpose, record_kind, -1, NULL, record_ids || char(10)
    FROM pii_access_answers
    UNION ALL
    SELECT id, at, key_id, role, purpose, record_kind, n + 1,
           substr(rest, 1, instr(rest, char(10)) - 1),
           substr(rest, instr(rest, char(10)) + 1)
    FROM split WHERE rest <> ''
)
INSERT INTO pii_access_log (id, at, key_id, role, ticket_id, purpose, record_kind)
    SELECT printf('%s.%03d', id, n), at, key_id, role, record_id, purpose, record_kind
    FROM split WHERE n >= 0;
DROP TABLE pii_access_records;
DROP TABLE pii_access_answers;
