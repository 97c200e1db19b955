-- PostgreSQL only (see the PostgreSQL migration of this name): SQLite
-- finds a record's views through its full-text index.
SELECT 1;
