-- Every time a ticket's personal data was shown in full: who, when, which ticket.
CREATE TABLE pii_access_log (
    id TEXT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    key_id TEXT NOT NULL,
    role TEXT NOT NULL,
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    purpose TEXT NOT NULL
);
CREATE INDEX pii_access_log_ticket_id ON pii_access_log (ticket_id);

-- Idempotency-Key records: the first response to a key is replayed for the same body.
CREATE TABLE idempotency_keys (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER,
    body TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (scope, key)
);
