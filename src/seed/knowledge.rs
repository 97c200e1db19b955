//! The demonstration knowledge base (seed/knowledge.json, every entry marked
//! `demo`) and the evaluation questions (seed/knowledge-eval.json) that the
//! benchmark measures the search with.

use serde::Deserialize;

use crate::db::knowledge::EntryRow;
use crate::db::{self, DbConn};
use crate::domain::knowledge::{Entry, EntryContent};

const KNOWLEDGE_JSON: &str = include_str!("../../seed/knowledge.json");
const EVALUATION_JSON: &str = include_str!("../../seed/knowledge-eval.json");

/// A question and the entries or matters that answer it.
#[derive(Debug, Clone, Deserialize)]
pub struct EvaluationQuestion {
    /// As a citizen asks it.
    pub question: String,
    /// Entry ids or matter codes, any of which answers it.
    pub expect: Vec<String>,
}

/// The seeded entries, as of `now`.
pub fn entries(now: chrono::DateTime<chrono::Utc>) -> anyhow::Result<Vec<Entry>> {
    let values: Vec<serde_json::Value> = serde_json::from_str(KNOWLEDGE_JSON)?;
    (values.into_iter())
        .map(|mut v| {
            let id = (v.as_object_mut())
                .and_then(|o| o.remove("id"))
                .and_then(|id| id.as_str().map(str::to_owned))
                .ok_or_else(|| anyhow::anyhow!("seed/knowledge.json: an entry without id"))?;
            let content: EntryContent = serde_json::from_value(v)
                .map_err(|e| anyhow::anyhow!("seed/knowledge.json, entry {id}: {e}"))?;
            Ok(Entry {
                id,
                content,
                updated_at: now,
                version: 1,
            })
        })
        .collect()
}

/// The evaluation questions.
pub fn evaluation() -> anyhow::Result<Vec<EvaluationQuestion>> {
    Ok(serde_json::from_str(EVALUATION_JSON)?)
}

/// Stores the seeded entries when the knowledge base is empty; how many.
pub fn seed_knowledge(conn: &mut DbConn) -> anyhow::Result<usize> {
    if !db::knowledge::is_empty(conn)? {
        return Ok(0);
    }
    let entries = entries(chrono::Utc::now())?;
    for e in &entries {
        db::knowledge::insert(conn, &EntryRow::of(e)?)?;
    }
    Ok(entries.len())
}
