-- The knowledge base (知识库): entries of questions and answers, the content
-- as JSON (question, phrasings, answer, audience, status, region, …).
CREATE TABLE knowledge_entries (
    id TEXT PRIMARY KEY NOT NULL,
    content TEXT NOT NULL,
    status TEXT NOT NULL,
    region_code TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);

-- Knowledge entries an answer or reply cited, with the action's event.
CREATE TABLE ticket_citations (
    event_id TEXT NOT NULL REFERENCES ticket_events (id),
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    entry_id TEXT NOT NULL REFERENCES knowledge_entries (id),
    cited_at TIMESTAMP NOT NULL,
    PRIMARY KEY (event_id, entry_id)
);
CREATE INDEX ticket_citations_cited_at ON ticket_citations (cited_at);
