DROP TABLE deadline_counts;
