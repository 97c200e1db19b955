//! Knowledge entries and search results as the API shows them.

use chrono::{DateTime, Utc};
use pulldown_cmark::{html, Event, Parser};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::knowledge::{Entry, EntryContent};

/// An entry with its answer rendered.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntryDto {
    /// Its id.
    #[schema(example = "kb-tm-renewal")]
    pub id: String,
    /// What it says.
    #[serde(flatten)]
    pub content: EntryContent,
    /// The answer as HTML; raw HTML in the Markdown is shown as text.
    pub answer_html: String,
    /// Last change.
    #[serde(with = "crate::domain::calendar::instant")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-03T09:30:00+08:00")]
    pub updated_at: DateTime<Utc>,
    /// Version; send it back as `If-Match` to replace the entry.
    pub version: i64,
}

/// Markdown to HTML, raw HTML escaped (an answer is shown to the public).
pub fn render_markdown(markdown: &str) -> String {
    let events = Parser::new(markdown).map(|e| match e {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

impl From<&Entry> for EntryDto {
    fn from(e: &Entry) -> Self {
        Self {
            id: e.id.clone(),
            answer_html: render_markdown(&e.content.answer),
            content: e.content.clone(),
            updated_at: e.updated_at,
            version: e.version,
        }
    }
}

/// One search result.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHit {
    /// `entry` or `matter`.
    #[schema(example = "entry")]
    pub kind: &'static str,
    /// The entry id or matter code.
    #[schema(example = "kb-tm-renewal")]
    pub id: String,
    /// The entry's question or the matter's name.
    pub title: String,
    /// Where to read it.
    #[schema(example = "/api/v1/knowledge/kb-tm-renewal")]
    pub href: String,
    /// For an entry, the region it applies to (`null`: nationwide).
    pub region_code: Option<String>,
    /// Relevance, higher is better (comparable within one answer only).
    pub score: f32,
}

/// Search results, best first.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResults {
    /// The results.
    pub items: Vec<SearchHit>,
}
