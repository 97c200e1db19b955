DROP TABLE competence_rules;
DROP TABLE clock_rules;
DROP TABLE ticket_counters;
DROP TABLE ticket_events;
DROP TABLE tickets;
