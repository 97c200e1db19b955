-- What the citizen sees of a step (staff choose it), beside the internal note.
ALTER TABLE ticket_events ADD COLUMN public_note TEXT;
