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
    /// `entry`, `matter` or `outlet`.
    #[schema(example = "entry")]
    pub kind: &'static str,
    /// The entry id, matter code or outlet id.
    #[schema(example = "kb-tm-renewal")]
    pub id: String,
    /// The entry's question, the matter's name or the outlet's name.
    pub title: String,
    /// Where to read it.
    #[schema(example = "/api/v1/knowledge/kb-tm-renewal")]
    pub href: String,
    /// For an entry, the region it applies to (`null`: nationwide); for an
    /// outlet, its region.
    pub region_code: Option<String>,
    /// Text around the words found, HTML-escaped, the words marked `<mark>`.
    #[schema(
        example = "注册<mark>商标</mark>有效期为十年。期满需要继续使用的，应在期满前十二个月内办理<mark>续展</mark>手续…"
    )]
    pub snippet: String,
    /// Relevance, higher is better (comparable within one answer only).
    pub score: f32,
}

/// Search results, best first.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResults {
    /// The results.
    pub items: Vec<SearchHit>,
}

impl SearchHit {
    /// A result with no place or snippet yet.
    pub fn new(kind: &'static str, id: &str, title: &str, score: f32) -> Self {
        Self {
            kind,
            id: id.to_owned(),
            title: title.to_owned(),
            href: String::new(),
            region_code: None,
            snippet: String::new(),
            score,
        }
    }

    /// Where it is read, and its region.
    pub fn at(mut self, href: String, region_code: Option<String>) -> Self {
        self.href = href;
        self.region_code = region_code;
        self
    }

    /// The snippet.
    pub fn with_snippet(mut self, snippet: String) -> Self {
        self.snippet = snippet;
        self
    }
}
