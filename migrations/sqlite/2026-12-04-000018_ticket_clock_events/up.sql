-- A queue page computes the clocks of every ticket it shows from their
-- histories: one range of this index per ticket, covering what the clocks
-- read (when, what, days granted; the id orders entries of the same instant),
-- so no entry is looked up in the table. It replaces the ticket-only index,
-- its prefix.
CREATE INDEX ticket_events_clock ON ticket_events (ticket_id, at, id, action, days);
DROP INDEX ticket_events_ticket_id;
