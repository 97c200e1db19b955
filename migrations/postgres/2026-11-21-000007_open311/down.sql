DROP INDEX tickets_received_at;
DROP INDEX tickets_token_hash;
