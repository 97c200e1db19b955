-- First-contact resolution (一次办结) from per-day counters, as the other
-- statistics: each ticket's clock summary also holds the day (China Standard
-- Time) of its first direct answer and whether that answer came at first
-- contact, and `answer_counts` adds them up per day, kept in step by
-- taking back a ticket's old contribution and adding its new one. Before,
-- the statistics loaded the history of every ticket answered in the period.
ALTER TABLE ticket_deadlines ADD COLUMN answered_on DATE;
ALTER TABLE ticket_deadlines ADD COLUMN first_contact BOOLEAN NOT NULL DEFAULT FALSE;
CREATE TABLE answer_counts (
    day DATE PRIMARY KEY NOT NULL,
    answered BIGINT NOT NULL,
    first_contact BIGINT NOT NULL
);

UPDATE ticket_deadlines SET answered_on = (
    SELECT (MIN(e.at) + INTERVAL '8 hours')::date FROM ticket_events e
    WHERE e.ticket_id = ticket_deadlines.ticket_id AND e.action = 'answer');
-- At first contact: the first entry that is not logging, classification or
-- the automatic referral is the answer (hotline::resolution::at_first_contact).
UPDATE ticket_deadlines SET first_contact = COALESCE((
    SELECT e.action = 'answer' FROM ticket_events e
    WHERE e.ticket_id = ticket_deadlines.ticket_id
      AND NOT (e.action IN ('create', 'classify') OR (e.action = 'assign' AND e.actor_role = 'system'))
    ORDER BY e.at, e.id LIMIT 1), FALSE)
WHERE answered_on IS NOT NULL;
INSERT INTO answer_counts (day, answered, first_contact)
    SELECT answered_on, COUNT(*), SUM(CASE WHEN first_contact THEN 1 ELSE 0 END)
    FROM ticket_deadlines WHERE answered_on IS NOT NULL GROUP BY answered_on;
