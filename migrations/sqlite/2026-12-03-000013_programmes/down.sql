DROP TABLE plan_progress_notes;
DROP TABLE plan_milestones;
DROP TABLE plan_tasks;
DROP TABLE work_plans;
DROP TABLE region_set_members;
DROP TABLE region_sets;
DROP TABLE ticket_handovers;
DROP TABLE programme_evaluations;
DROP TABLE visit_follow_ups;
DROP TABLE programme_visits;
DROP TABLE programme_assignments;
DROP TABLE service_targets;
DROP TABLE programme_people;
DELETE FROM pii_access_log WHERE record_kind <> 'ticket';
CREATE TABLE pii_access_log_old (
    id TEXT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    key_id TEXT NOT NULL,
    role TEXT NOT NULL,
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    purpose TEXT NOT NULL
);
INSERT INTO pii_access_log_old SELECT id, at, key_id, role, ticket_id, purpose FROM pii_access_log;
DROP TABLE pii_access_log;
ALTER TABLE pii_access_log_old RENAME TO pii_access_log;
CREATE INDEX pii_access_log_ticket_id ON pii_access_log (ticket_id);
CREATE INDEX pii_access_log_at ON pii_access_log (at, id);
CREATE INDEX pii_access_log_key ON pii_access_log (key_id, at);
ALTER TABLE api_keys DROP COLUMN person_id;
