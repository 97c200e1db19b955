DROP TABLE event_outcomes;
DROP TABLE outreach_events;
DROP TABLE outreach_campaigns;
