-- Nothing was done on SQLite.
SELECT 1;
