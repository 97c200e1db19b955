-- What each ticket's clocks come to, kept in step with every change: the
-- next deadline of an open ticket (its running acceptance or handling clock
-- due first; NULLs when none runs), so that the overdue sweep and the
-- queue's overdue / due-soon filters are range queries, and the outcome of
-- its handling clock once stopped, so that statistics are one aggregate
-- query. `stamp` identifies the calendar and rules it was computed with;
-- open tickets whose row has another stamp, or none, are recomputed in
-- batches (a closed ticket's row is final).
CREATE TABLE ticket_deadlines (
    ticket_id TEXT PRIMARY KEY NOT NULL REFERENCES tickets (id),
    timer TEXT,
    due DATE,
    provisional BOOLEAN NOT NULL,
    due_soon_at TIMESTAMP,
    overdue_at TIMESTAMP,
    handling_met BOOLEAN,
    handling_days INTEGER,
    stamp BIGINT NOT NULL
);
CREATE INDEX ticket_deadlines_overdue_at ON ticket_deadlines (overdue_at);
CREATE INDEX ticket_deadlines_due_soon_at ON ticket_deadlines (due_soon_at);
CREATE INDEX ticket_deadlines_stamp ON ticket_deadlines (stamp);
-- Duplicate suggestions look for open tickets near a point.
CREATE INDEX tickets_category_lat ON tickets (category, lat);
