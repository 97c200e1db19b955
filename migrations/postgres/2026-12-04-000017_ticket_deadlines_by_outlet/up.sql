-- The statistics' overdue-now count per outlet as one index range per outlet
-- (outlet, then deadline): counting all overdue tickets through the
-- deadline-first index and grouping them by outlet sorted every one of them
-- (43 ms of a 50 ms statistics request at 1,000,000 tickets; 8 ms this way).
-- The deadline-first index stays: the metrics count all open overdue tickets.
CREATE INDEX ticket_deadlines_outlet_overdue ON ticket_deadlines (outlet_id, overdue_at, received_day);
