//! The knowledge base held in memory: its entries and one search index over
//! them and the service matters, in which a saved entry or matter replaces its
//! own document.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::domain::knowledge::search::{DocKey, Document, Hit, SearchIndex};
use crate::domain::knowledge::{Audience, Entry};
use crate::domain::matter::MatterGuide;

/// Who is asking, for what may be shown and what is preferred.
#[derive(Debug, Clone, Default)]
pub struct Asker {
    /// Hotline or outlet staff: internal entries too.
    pub staff: bool,
    /// The caller's region and the regions above it, most specific first;
    /// empty when unknown.
    pub regions: Vec<String>,
    /// Today (China Standard Time).
    pub today: Option<NaiveDate>,
}

/// Entries and the index.
#[derive(Debug, Default)]
pub struct KnowledgeBase {
    /// Every entry (drafts and retired ones too), by id.
    pub entries: BTreeMap<String, Entry>,
    /// The indexed matters' names, by code: what a matter's result shows.
    matter_names: BTreeMap<String, String>,
    index: SearchIndex,
}

fn entry_document(e: &Entry) -> Document {
    let c = &e.content;
    let mut asked = c.question.clone();
    for p in &c.phrasings {
        asked.push('\n');
        asked.push_str(p);
    }
    Document {
        key: DocKey::Entry(e.id.as_str().into()),
        title: c.question.clone(),
        fields: vec![(asked, 3.0), (c.answer.clone(), 1.0)],
    }
}

/// A matter as a search document.
pub fn matter_document((code, g): (&str, &MatterGuide)) -> Document {
    let mut body = g.description.clone();
    for s in &g.steps {
        body.push('\n');
        body.push_str(&s.name);
    }
    for material in &g.materials {
        body.push('\n');
        body.push_str(&material.name);
    }
    Document {
        key: DocKey::Matter(code.into()),
        title: g.name.clone(),
        fields: vec![(g.name.clone(), 3.0), (body, 1.0)],
    }
}

impl KnowledgeBase {
    /// Indexes the entries and the matters.
    pub fn build<'a>(
        entries: Vec<Entry>,
        matters: impl Iterator<Item = (&'a str, &'a MatterGuide)>,
    ) -> Self {
        let matters: Vec<(&str, &MatterGuide)> = matters.collect();
        let documents =
            (entries.iter().map(entry_document)).chain(matters.iter().map(|m| matter_document(*m)));
        Self {
            index: SearchIndex::build(documents),
            matter_names: (matters.iter())
                .map(|(code, g)| (code.to_string(), g.name.clone()))
                .collect(),
            entries: entries.into_iter().map(|e| (e.id.clone(), e)).collect(),
        }
    }

    /// Puts an entry in (new or changed) and indexes it.
    pub fn put_entry(&mut self, entry: Entry) {
        self.index.upsert(entry_document(&entry));
        self.entries.insert(entry.id.clone(), entry);
    }

    /// Indexes a matter (new or changed).
    pub fn put_matter(&mut self, code: &str, guide: &MatterGuide) {
        self.index.upsert(matter_document((code, guide)));
        self.matter_names
            .insert(code.to_owned(), guide.name.clone());
    }

    /// Whether the asker may read the entry.
    pub fn may_read(&self, e: &Entry, asker: &Asker) -> bool {
        match (asker.staff, asker.today) {
            (true, _) => true,
            (false, Some(today)) => e.content.is_public_on(today),
            (false, None) => false,
        }
    }

    /// How much an entry counts for the asker: hidden when it may not read
    /// it or it is another region's; a local override outranks a nationwide
    /// entry, the more local the more.
    fn weight(&self, e: &Entry, asker: &Asker) -> Option<f32> {
        let today = asker.today?;
        let shown = match asker.staff {
            true => e.content.is_current_on(today),
            false => e.content.is_public_on(today),
        };
        if !shown || (!asker.staff && e.content.audience == Audience::Internal) {
            return None;
        }
        match &e.content.region_code {
            None => Some(1.0),
            Some(code) if asker.regions.is_empty() => Some(if code.is_empty() { 1.0 } else { 0.9 }),
            Some(code) => {
                let at = asker.regions.iter().position(|r| r == code)?;
                Some(1.0 + 0.5 * (asker.regions.len() - at) as f32)
            }
        }
    }

    /// The codes of the matters matching the query, best first.
    pub fn search_matters(&self, query: &str, limit: usize) -> Vec<&str> {
        let hits = self.index.search(query, limit, |d| match d.key {
            DocKey::Matter(_) => Some(1.0),
            _ => None,
        });
        (hits.into_iter())
            .filter_map(|h| match &self.index.doc(h.doc).key {
                DocKey::Matter(code) => Some(&**code),
                _ => None,
            })
            .collect()
    }

    /// The best results for the asker: entries it may read and matters.
    pub fn search(&self, query: &str, asker: &Asker, limit: usize) -> Vec<(&DocKey, &str, f32)> {
        let hits: Vec<Hit> = self.index.search(query, limit, |d| match &d.key {
            DocKey::Entry(id) => self.entries.get(&**id).and_then(|e| self.weight(e, asker)),
            // A matter answers less directly than an entry written for the question.
            DocKey::Matter(_) => Some(0.8),
            DocKey::Outlet(_) => None,
        });
        (hits.into_iter())
            .filter_map(|h| {
                let key = &self.index.doc(h.doc).key;
                Some((key, self.title(key)?, h.score))
            })
            .collect()
    }

    /// What a result shows: an entry's question, a matter's name.
    fn title(&self, key: &DocKey) -> Option<&str> {
        match key {
            DocKey::Entry(id) => self.entries.get(&**id).map(|e| e.content.question.as_str()),
            DocKey::Matter(code) => self.matter_names.get(&**code).map(String::as_str),
            DocKey::Outlet(_) => None,
        }
    }
}
