-- Every committed change to what replicas hold in memory (outlets, region
-- boundaries, the catalogue), written in the same transaction as the change.
-- Each replica polls for rows after the last one it applied.
CREATE TABLE directory_changes (
    seq BIGSERIAL PRIMARY KEY,
    entity TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX directory_changes_changed_at ON directory_changes (changed_at);
