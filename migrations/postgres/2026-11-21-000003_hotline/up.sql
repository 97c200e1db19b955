-- Hotline tickets (工单). Coordinates are WGS-84; the status token is stored hashed.
CREATE TABLE tickets (
    id TEXT PRIMARY KEY NOT NULL,
    tracking_number TEXT NOT NULL UNIQUE,
    token_hash TEXT NOT NULL,
    channel TEXT NOT NULL,
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    subject TEXT NOT NULL,
    description TEXT NOT NULL,
    lng DOUBLE PRECISION,
    lat DOUBLE PRECISION,
    region_code TEXT REFERENCES regions (code),
    reporter_name TEXT,
    reporter_phone TEXT,
    reporter_email TEXT,
    reporter_org TEXT,
    anonymous BOOLEAN NOT NULL,
    attachments TEXT NOT NULL,
    tags TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL,
    state TEXT NOT NULL,
    outlet_id TEXT REFERENCES outlets (id),
    escalated_to TEXT REFERENCES outlets (id),
    merged_into TEXT REFERENCES tickets (id),
    reply TEXT,
    satisfaction INTEGER,
    close_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX tickets_outlet_id ON tickets (outlet_id);
CREATE INDEX tickets_escalated_to ON tickets (escalated_to);
CREATE INDEX tickets_state ON tickets (state);
CREATE INDEX tickets_reporter_phone ON tickets (reporter_phone);

-- Append-only history of every ticket. `at` is when it took effect, `recorded_at` when it was recorded.
CREATE TABLE ticket_events (
    id TEXT PRIMARY KEY NOT NULL,
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    at TIMESTAMP NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    actor_key_id TEXT,
    actor_role TEXT NOT NULL,
    action TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    outlet_id TEXT,
    note TEXT,
    days INTEGER,
    satisfaction INTEGER
);
CREATE INDEX ticket_events_ticket_id ON ticket_events (ticket_id);

-- Per-day sequence of tracking numbers (YYYYMMDD-NNNNNN).
CREATE TABLE ticket_counters (
    day TEXT PRIMARY KEY NOT NULL,
    last BIGINT NOT NULL
);

-- Clock rules per ticket kind, category ('*' for any) and timer; admin-editable.
CREATE TABLE clock_rules (
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    timer TEXT NOT NULL,
    days INTEGER NOT NULL,
    day_kind TEXT NOT NULL,
    source TEXT NOT NULL,
    confidence TEXT NOT NULL,
    PRIMARY KEY (kind, category, timer)
);

-- Competence matrix: which outlet kinds handle which tickets ('*' for any).
CREATE TABLE competence_rules (
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    outlet_kind TEXT NOT NULL,
    priority INTEGER NOT NULL,
    PRIMARY KEY (kind, category, outlet_kind)
);
