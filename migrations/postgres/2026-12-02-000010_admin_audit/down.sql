ALTER TABLE webhook_subscriptions DROP COLUMN include_subject;
DROP INDEX tickets_closed_unerased;
ALTER TABLE tickets DROP COLUMN erased_at;
DROP INDEX pii_access_log_key;
DROP INDEX pii_access_log_at;
DROP TABLE admin_audit;
ALTER TABLE api_keys DROP COLUMN expires_at;
ALTER TABLE api_keys DROP COLUMN created_by;
