DROP TABLE api_keys;
DROP TABLE outlet_revisions;
DROP TABLE outlets;
DROP TABLE regions;
