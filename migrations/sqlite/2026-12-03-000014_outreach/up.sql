-- Outreach campaigns (知识产权服务万里行), their events and the outcomes of
-- held events. The drafts are stored as JSON; the columns serve the filters.
CREATE TABLE outreach_campaigns (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    content TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE outreach_events (
    id TEXT PRIMARY KEY NOT NULL,
    campaign_id TEXT REFERENCES outreach_campaigns (id),
    event_type TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    city_code TEXT NOT NULL,
    organiser_outlet_id TEXT,
    status TEXT NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    lat DOUBLE PRECISION,
    lng DOUBLE PRECISION,
    content TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX outreach_events_campaign ON outreach_events (campaign_id);
CREATE INDEX outreach_events_ends ON outreach_events (ends_at);

-- Exact integer yuan: the summary sums them without rounding.
CREATE TABLE event_outcomes (
    event_id TEXT PRIMARY KEY NOT NULL REFERENCES outreach_events (id),
    content TEXT NOT NULL,
    pledge_amount_yuan BIGINT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
