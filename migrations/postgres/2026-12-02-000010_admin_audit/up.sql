-- Who made a key (a key id; NULL for keys made on the server with the CLI)
-- and when it stops working (NULL: never).
ALTER TABLE api_keys ADD COLUMN created_by TEXT;
ALTER TABLE api_keys ADD COLUMN expires_at TIMESTAMP;

-- The admin audit trail: every write outside a ticket's own history, append-only.
CREATE TABLE admin_audit (
    id TEXT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    key_id TEXT,
    role TEXT NOT NULL,
    client TEXT NOT NULL,
    action TEXT NOT NULL,
    resource TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    summary TEXT NOT NULL
);
CREATE INDEX admin_audit_at ON admin_audit (at, id);
CREATE INDEX admin_audit_key ON admin_audit (key_id, at);
CREATE INDEX admin_audit_resource ON admin_audit (resource, resource_id, at);
CREATE INDEX pii_access_log_at ON pii_access_log (at, id);
CREATE INDEX pii_access_log_key ON pii_access_log (key_id, at);

-- When a closed ticket's personal data was erased after the retention period.
ALTER TABLE tickets ADD COLUMN erased_at TIMESTAMP;
CREATE INDEX tickets_closed_unerased ON tickets (state, updated_at) WHERE erased_at IS NULL;

-- Webhook payloads carry the ticket's free-text subject only for receivers that opt in.
ALTER TABLE webhook_subscriptions ADD COLUMN include_subject BOOLEAN NOT NULL DEFAULT FALSE;

-- How many of a ticket's history entries were dated over a minute before they
-- were recorded, and the per-day sums, so statistics show how much is backdated.
ALTER TABLE ticket_deadlines ADD COLUMN backdated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ticket_counts ADD COLUMN backdated BIGINT NOT NULL DEFAULT 0;

-- Intake limits shared by every replica (used on PostgreSQL): hits per key per window.
CREATE TABLE rate_counters (
    key TEXT NOT NULL,
    window_start TIMESTAMP NOT NULL,
    hits BIGINT NOT NULL,
    PRIMARY KEY (key, window_start)
);
