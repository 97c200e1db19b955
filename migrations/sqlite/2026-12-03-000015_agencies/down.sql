DROP INDEX tickets_agency;
ALTER TABLE tickets DROP COLUMN agency_id;
DROP TABLE agency_records;
DROP TABLE agencies;
