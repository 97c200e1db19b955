-- Official working-day calendar (法定节假日 / 调休), one row per published year.
CREATE TABLE calendar_years (
    year INTEGER PRIMARY KEY NOT NULL,
    source TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Listed days of published years: holidays and make-up working days.
CREATE TABLE calendar_days (
    day DATE PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL
);

-- Service matters (服务事项 / 办事指南); the published guide is a JSON document.
CREATE TABLE matters (
    code TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    document TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);

-- Which outlets offer which matter.
CREATE TABLE matter_channels (
    matter_code TEXT NOT NULL REFERENCES matters (code),
    outlet_id TEXT NOT NULL REFERENCES outlets (id),
    PRIMARY KEY (matter_code, outlet_id)
);
CREATE INDEX matter_channels_outlet_id ON matter_channels (outlet_id);

-- Opening hours of an outlet (weekly intervals, dated exceptions), as JSON.
CREATE TABLE outlet_hours (
    outlet_id TEXT PRIMARY KEY NOT NULL REFERENCES outlets (id),
    schedule TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
