-- On SQLite the access log moves into a file of its own; PostgreSQL's
-- readers keep their cache across other sessions' commits: nothing to do.
SELECT 1;
