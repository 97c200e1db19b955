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
