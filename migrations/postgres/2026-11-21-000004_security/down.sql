DROP TABLE idempotency_keys;
DROP TABLE pii_access_log;
