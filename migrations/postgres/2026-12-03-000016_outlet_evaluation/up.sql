-- Outlet evaluation (网点综合评价): the outcome of the acceptance and callback
-- clocks beside the handling clock's, and their per-day sums per outlet.
-- Existing rows are filled in by the recompute that a new summary version
-- starts (see Catalogue::clock_stamp).
ALTER TABLE ticket_deadlines ADD COLUMN acceptance_met BOOLEAN;
ALTER TABLE ticket_deadlines ADD COLUMN callback_met BOOLEAN;
ALTER TABLE ticket_counts ADD COLUMN accepted BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ticket_counts ADD COLUMN accepted_on_time BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ticket_counts ADD COLUMN called_back BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ticket_counts ADD COLUMN called_back_on_time BIGINT NOT NULL DEFAULT 0;
-- Escalations, returns and reopened cases in a period are found by action.
CREATE INDEX ticket_events_action_at ON ticket_events (action, at);
-- The outlet a commissioner or envoy works from (所在服务网点): their visits
-- count towards its evaluation. Checked by the service rather than a foreign
-- key, which SQLite could not drop again with the column.
ALTER TABLE programme_people ADD COLUMN outlet_id TEXT;
CREATE INDEX programme_people_outlet ON programme_people (outlet_id);
-- Events an outlet organised.
CREATE INDEX outreach_events_organiser ON outreach_events (organiser_outlet_id, starts_at);
