DROP INDEX tickets_category_lat;
DROP TABLE ticket_counts;
DROP TABLE ticket_deadlines;
