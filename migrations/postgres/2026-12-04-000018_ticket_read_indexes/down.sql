CREATE INDEX tickets_category_lat ON tickets (category, lat);
DROP INDEX tickets_duplicates_near;
CREATE INDEX ticket_events_ticket_id ON ticket_events (ticket_id);
DROP INDEX ticket_events_clock;
