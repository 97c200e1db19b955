-- PostgreSQL only: its rate counters skip the write-ahead log. A SQLite
-- database has one process, whose limits are counted in memory.
SELECT 1;
