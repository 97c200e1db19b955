-- Programmes on the network: service commissioners (服务专员) and special
-- envoys (特派员) in one pool of people, the service targets (服务对象) and
-- regions they are assigned to per service cycle, their visits and follow-ups
-- (the service archive, 服务档案), evaluations, hotline tickets handed to them,
-- named region sets, and annual work plans (年度工作计划).

-- Keys of commissioners and envoys name the person they belong to.
ALTER TABLE api_keys ADD COLUMN person_id TEXT;
-- The personal-data access log records views of people as well as tickets:
-- ticket_id holds the record's id, so it no longer references tickets.
CREATE TABLE pii_access_log_new (
    id TEXT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    key_id TEXT NOT NULL,
    role TEXT NOT NULL,
    ticket_id TEXT NOT NULL,
    purpose TEXT NOT NULL,
    record_kind TEXT NOT NULL DEFAULT 'ticket'
);
INSERT INTO pii_access_log_new (id, at, key_id, role, ticket_id, purpose)
    SELECT id, at, key_id, role, ticket_id, purpose FROM pii_access_log;
DROP TABLE pii_access_log;
ALTER TABLE pii_access_log_new RENAME TO pii_access_log;
CREATE INDEX pii_access_log_ticket_id ON pii_access_log (ticket_id);
CREATE INDEX pii_access_log_at ON pii_access_log (at, id);
CREATE INDEX pii_access_log_key ON pii_access_log (key_id, at);

CREATE TABLE programme_people (
    id TEXT PRIMARY KEY NOT NULL,
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    employer TEXT NOT NULL,
    phone TEXT,
    email TEXT,
    ip_degree BOOLEAN NOT NULL,
    ip_work_years INTEGER NOT NULL,
    review_status TEXT NOT NULL,
    training_status TEXT NOT NULL,
    pool_status TEXT NOT NULL,
    submitted_by_region TEXT NOT NULL REFERENCES regions (code),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX programme_people_role ON programme_people (role, pool_status);

CREATE TABLE service_targets (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    credit_code TEXT NOT NULL UNIQUE,
    target_type TEXT NOT NULL,
    level TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    lat DOUBLE PRECISION,
    lng DOUBLE PRECISION,
    recruited_by_region TEXT NOT NULL REFERENCES regions (code),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX service_targets_name ON service_targets (name);

-- One row per person and target (commissioners) or region (envoys) per
-- cycle; an adjustment ends a row and may start another, so rows are history.
CREATE TABLE programme_assignments (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL REFERENCES programme_people (id),
    target_id TEXT REFERENCES service_targets (id),
    region_code TEXT REFERENCES regions (code),
    cycle_start DATE NOT NULL,
    cycle_end DATE NOT NULL,
    ended_on DATE,
    end_reason TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX programme_assignments_person ON programme_assignments (person_id);
CREATE INDEX programme_assignments_target ON programme_assignments (target_id);

CREATE TABLE programme_visits (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL REFERENCES programme_people (id),
    target_id TEXT REFERENCES service_targets (id),
    region_code TEXT REFERENCES regions (code),
    mode TEXT NOT NULL,
    visited_on DATE NOT NULL,
    duration_minutes INTEGER NOT NULL,
    tasks TEXT NOT NULL,
    notes TEXT NOT NULL,
    attachments TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX programme_visits_person ON programme_visits (person_id, visited_on);
CREATE INDEX programme_visits_day ON programme_visits (visited_on);

CREATE TABLE visit_follow_ups (
    id TEXT PRIMARY KEY NOT NULL,
    visit_id TEXT NOT NULL REFERENCES programme_visits (id),
    person_id TEXT NOT NULL REFERENCES programme_people (id),
    description TEXT NOT NULL,
    due_on DATE NOT NULL,
    done_on DATE
);
CREATE INDEX visit_follow_ups_person ON visit_follow_ups (person_id, due_on);

CREATE TABLE programme_evaluations (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL REFERENCES programme_people (id),
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    grade TEXT NOT NULL,
    comments TEXT NOT NULL,
    evaluator TEXT NOT NULL,
    evaluated_on DATE NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX programme_evaluations_person ON programme_evaluations (person_id);

-- Hotline tickets the desk handed to a commissioner of the reporter's firm.
CREATE TABLE ticket_handovers (
    id TEXT PRIMARY KEY NOT NULL,
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    person_id TEXT NOT NULL REFERENCES programme_people (id),
    target_id TEXT NOT NULL REFERENCES service_targets (id),
    note TEXT NOT NULL,
    handed_at TIMESTAMP NOT NULL,
    handed_by TEXT NOT NULL
);
CREATE INDEX ticket_handovers_person ON ticket_handovers (person_id, handed_at);
CREATE INDEX ticket_handovers_ticket ON ticket_handovers (ticket_id);

-- Named sets of regions, e.g. Zhejiang's mountain and island counties (山区海岛县).
CREATE TABLE region_sets (
    code TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    name_en TEXT
);
CREATE TABLE region_set_members (
    set_code TEXT NOT NULL REFERENCES region_sets (code),
    region_code TEXT NOT NULL REFERENCES regions (code),
    PRIMARY KEY (set_code, region_code)
);

CREATE TABLE work_plans (
    id TEXT PRIMARY KEY NOT NULL,
    year INTEGER NOT NULL,
    title TEXT NOT NULL,
    issuing_body TEXT NOT NULL,
    demonstration BOOLEAN NOT NULL,
    source TEXT,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE plan_tasks (
    id TEXT PRIMARY KEY NOT NULL,
    plan_id TEXT NOT NULL REFERENCES work_plans (id),
    seq INTEGER NOT NULL,
    measure TEXT NOT NULL,
    goal TEXT NOT NULL,
    content TEXT NOT NULL,
    lead_unit TEXT NOT NULL,
    supporting_units TEXT NOT NULL
);
CREATE INDEX plan_tasks_plan ON plan_tasks (plan_id, seq);

CREATE TABLE plan_milestones (
    id TEXT PRIMARY KEY NOT NULL,
    task_id TEXT NOT NULL REFERENCES plan_tasks (id),
    plan_id TEXT NOT NULL REFERENCES work_plans (id),
    seq INTEGER NOT NULL,
    description TEXT NOT NULL,
    due TEXT NOT NULL,
    due_on DATE NOT NULL,
    status TEXT NOT NULL,
    done_on DATE
);
CREATE INDEX plan_milestones_plan ON plan_milestones (plan_id, due_on);

CREATE TABLE plan_progress_notes (
    id TEXT PRIMARY KEY NOT NULL,
    milestone_id TEXT NOT NULL REFERENCES plan_milestones (id),
    noted_on DATE NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX plan_progress_notes_milestone ON plan_progress_notes (milestone_id);
