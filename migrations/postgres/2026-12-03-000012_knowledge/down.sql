DROP TABLE ticket_citations;
DROP TABLE knowledge_entries;
