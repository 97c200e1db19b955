CREATE TABLE pii_access_records (
    record_id TEXT NOT NULL,
    answer_id TEXT NOT NULL,
    PRIMARY KEY (record_id, answer_id)
);
INSERT INTO pii_access_records (record_id, answer_id)
    SELECT DISTINCT r, id FROM pii_access_answers, unnest(string_to_array(record_ids, E'\n')) AS r;
DROP INDEX pii_access_answers_records;
