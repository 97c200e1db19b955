CREATE INDEX ticket_events_ticket_id ON ticket_events (ticket_id);
DROP INDEX ticket_events_clock;
