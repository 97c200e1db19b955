-- The next deadline of each open ticket: its running acceptance or handling
-- clock due first (NULLs when none runs), kept in step with every change, so
-- that the overdue sweep and the queue's overdue / due-soon filters are range
-- queries. `stamp` identifies the calendar and rules it was computed with;
-- rows with another stamp, and open tickets without a row, are recomputed in
-- batches. Closed tickets have no row.
CREATE TABLE ticket_deadlines (
    ticket_id TEXT PRIMARY KEY NOT NULL REFERENCES tickets (id),
    timer TEXT,
    due DATE,
    provisional BOOLEAN NOT NULL,
    due_soon_at TIMESTAMP,
    overdue_at TIMESTAMP,
    stamp BIGINT NOT NULL
);
CREATE INDEX ticket_deadlines_overdue_at ON ticket_deadlines (overdue_at);
CREATE INDEX ticket_deadlines_due_soon_at ON ticket_deadlines (due_soon_at);
CREATE INDEX ticket_deadlines_stamp ON ticket_deadlines (stamp);
