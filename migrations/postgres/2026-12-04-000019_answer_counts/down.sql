DROP TABLE answer_counts;
ALTER TABLE ticket_deadlines DROP COLUMN first_contact;
ALTER TABLE ticket_deadlines DROP COLUMN answered_on;
