DROP INDEX tickets_lat;
DROP TABLE ticket_deadlines;
