-- The register of IP service agencies (知识产权服务机构) with their credit
-- records, and complaints about an agency linked from the ticket.
CREATE TABLE agencies (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    credit_code TEXT NOT NULL UNIQUE,
    region_code TEXT NOT NULL REFERENCES regions (code),
    status TEXT NOT NULL,
    lat DOUBLE PRECISION,
    lng DOUBLE PRECISION,
    content TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);

-- Credit evaluations, list entries and penalties, each with its source.
CREATE TABLE agency_records (
    id TEXT PRIMARY KEY NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    record_kind TEXT NOT NULL,
    content TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX agency_records_agency ON agency_records (agency_id);

ALTER TABLE tickets ADD COLUMN agency_id TEXT REFERENCES agencies (id);
CREATE INDEX tickets_agency ON tickets (agency_id);
