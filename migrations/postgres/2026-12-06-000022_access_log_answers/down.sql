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
INSERT INTO pii_access_log (id, at, key_id, role, ticket_id, purpose, record_kind)
    SELECT a.id || '.' || lpad((r.n - 1)::text, 3, '0'), a.at, a.key_id, a.role,
           r.record_id, a.purpose, a.record_kind
    FROM pii_access_answers a,
         unnest(string_to_array(a.record_ids, E'\n')) WITH ORDINALITY AS r (record_id, n);
DROP TABLE pii_access_records;
DROP TABLE pii_access_answers;
