-- What each ticket's clocks come to, kept in step with every change: the
-- next deadline of an open ticket (its running acceptance or handling clock
-- due first; NULLs when none runs), when the overdue sweep should look at
-- it (`sweep_at`: its deadline, while it can still be escalated), the
-- outcome of its handling clock once stopped, and what it adds to the
-- statistics. `stamp` identifies the calendar and rules it was computed
-- with; open tickets whose row has another stamp, or none, are recomputed
-- in batches (a closed ticket's row is final).
CREATE TABLE ticket_deadlines (
    ticket_id TEXT PRIMARY KEY NOT NULL REFERENCES tickets (id),
    outlet_id TEXT,
    received_day DATE NOT NULL,
    closed BOOLEAN NOT NULL,
    satisfaction INTEGER,
    timer TEXT,
    due DATE,
    provisional BOOLEAN NOT NULL,
    due_soon_at TIMESTAMP,
    overdue_at TIMESTAMP,
    sweep_at TIMESTAMP,
    handling_met BOOLEAN,
    handling_days INTEGER,
    stamp BIGINT NOT NULL
);
-- Covering the overdue-now count of the statistics (no row lookups).
CREATE INDEX ticket_deadlines_overdue_at ON ticket_deadlines (overdue_at, outlet_id, received_day);
CREATE INDEX ticket_deadlines_due_soon_at ON ticket_deadlines (due_soon_at);
CREATE INDEX ticket_deadlines_sweep_at ON ticket_deadlines (sweep_at);
CREATE INDEX ticket_deadlines_stamp ON ticket_deadlines (stamp);
-- Statistics per outlet and day of receipt, kept by adding each ticket's
-- new contribution and taking back its old one on every change.
CREATE TABLE ticket_counts (
    outlet_id TEXT NOT NULL,
    day DATE NOT NULL,
    received BIGINT NOT NULL,
    closed BIGINT NOT NULL,
    answered BIGINT NOT NULL,
    on_time BIGINT NOT NULL,
    handling_days BIGINT NOT NULL,
    rated BIGINT NOT NULL,
    satisfaction BIGINT NOT NULL,
    PRIMARY KEY (outlet_id, day)
);
-- Duplicate suggestions look for open tickets near a point.
CREATE INDEX tickets_category_lat ON tickets (category, lat);
