-- A queue page computes the clocks of every ticket it shows from their
-- histories: one range of this index per ticket, covering what the clocks
-- read (when, what, days granted; the id orders entries of the same instant),
-- so no entry is looked up in the table. It replaces the ticket-only index,
-- its prefix.
CREATE INDEX ticket_events_clock ON ticket_events (ticket_id, at, id, action, days);
DROP INDEX ticket_events_ticket_id;

-- Duplicate suggestions look for open tickets of the same category within
-- 250 m received in the last 30 days: a latitude band of the category, with
-- longitude, receipt and state checked in the index, so only the tickets
-- that match are read from the table (at 1,000,000 tickets the band held
-- about 500 tickets, each read to be checked: 60 % of a ticket view's time).
-- It replaces the (category, lat) index, its prefix.
CREATE INDEX tickets_duplicates_near ON tickets (category, lat, lng, received_at, state);
DROP INDEX tickets_category_lat;
