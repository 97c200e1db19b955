ALTER TABLE ticket_events DROP COLUMN public_note;
