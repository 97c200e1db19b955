-- The intake rate counters are a limit, not a record: after a crash of
-- PostgreSQL their current windows may start again from zero. Unlogged,
-- their writes skip the write-ahead log, so a hit commits without waiting
-- for a WAL flush while it holds the counter's row. Every public intake
-- from one address hits the same row; logged, those hits took turns at one
-- flush each, and that capped intake below the raw single-row insert rate.
ALTER TABLE rate_counters SET UNLOGGED;
