-- Open311 `tokens/{token}` and request lists look tickets up by token and by
-- reception time.
CREATE INDEX tickets_token_hash ON tickets (token_hash);
CREATE INDEX tickets_received_at ON tickets (received_at);
