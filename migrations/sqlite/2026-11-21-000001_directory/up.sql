-- Regions (行政区划): GB/T 2260 codes plus parks (<county code>P<nn>).
CREATE TABLE regions (
    code TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('province', 'prefecture', 'county', 'park')),
    category TEXT,
    parent_code TEXT REFERENCES regions (code),
    seat_lng DOUBLE,
    seat_lat DOUBLE,
    boundary TEXT,
    boundary_updated_at TIMESTAMP
);
CREATE INDEX regions_parent_code ON regions (parent_code);

-- Outlets (知识产权公共服务网点). Coordinates are WGS-84.
CREATE TABLE outlets (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    name_en TEXT,
    kind TEXT NOT NULL,
    tier TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    parent_id TEXT REFERENCES outlets (id),
    address TEXT NOT NULL,
    lng DOUBLE NOT NULL,
    lat DOUBLE NOT NULL,
    phones TEXT NOT NULL,
    email TEXT,
    website TEXT,
    status TEXT NOT NULL,
    status_note TEXT,
    note TEXT,
    verified_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX outlets_region_code ON outlets (region_code);
CREATE INDEX outlets_parent_id ON outlets (parent_id);

-- Every accepted write to an outlet, as a full JSON snapshot.
CREATE TABLE outlet_revisions (
    outlet_id TEXT NOT NULL REFERENCES outlets (id),
    version BIGINT NOT NULL,
    action TEXT NOT NULL,
    actor_key_id TEXT,
    changed_at TIMESTAMP NOT NULL,
    snapshot TEXT NOT NULL,
    PRIMARY KEY (outlet_id, version)
);

-- API keys: only the SHA-256 of the secret is stored.
CREATE TABLE api_keys (
    id TEXT PRIMARY KEY NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    outlet_id TEXT REFERENCES outlets (id),
    label TEXT,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
