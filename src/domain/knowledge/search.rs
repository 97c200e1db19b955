//! Ranked search (BM25) over knowledge entries and service matters, on the
//! terms of [`super::text`]. Question and phrasings weigh three times the
//! answer, so an entry is found by how people ask, not by words its answer
//! happens to use.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::HashTable;

use super::postings::PostingList;
use super::text::{initials, query_terms, terms};

/// BM25 term-frequency saturation.
const K1: f32 = 1.2;
/// BM25 length normalisation.
const B: f32 = 0.75;
/// The weight of a title's pinyin initials.
const TITLE_INITIALS: f32 = 3.0;

/// What a search result is. The index holds each key once, with the
/// document; its slot table finds a position by hashing the key it holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DocKey {
    /// A knowledge entry, by id.
    Entry(Arc<str>),
    /// A service matter, by code.
    Matter(Arc<str>),
    /// An outlet, by id.
    Outlet(Arc<str>),
}

/// A document to index: its key, its title (whose words' pinyin initials
/// are indexed too) and its weighted texts.
#[derive(Debug, Clone)]
pub struct Document {
    /// What it is.
    pub key: DocKey,
    /// Shown in results.
    pub title: String,
    /// Texts and their weights: whole or half numbers, the unit in which
    /// the index keeps frequencies.
    pub fields: Vec<(String, f32)>,
}

/// An indexed document. It keeps no title: whoever shows a result holds
/// the document itself (an outlet's name copied here was about 70 of the
/// index's 650 bytes an outlet).
#[derive(Debug, Clone)]
pub struct Indexed {
    /// What it is.
    pub key: DocKey,
    /// Its postings, for knowing when removed documents are worth compacting.
    postings: u32,
}

/// A result: the document's position in the index and its score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Position in the index (see [`SearchIndex::doc`]).
    pub doc: usize,
    /// Relevance (higher is better).
    pub score: f32,
}

/// The inverted index. Documents are added, replaced and removed one at a
/// time, so the index follows every write without being rebuilt; a removed
/// document's postings are dropped once they outnumber the live ones.
#[derive(Debug, Default)]
pub struct SearchIndex {
    docs: Vec<Option<Indexed>>,
    /// Each document's length, negative once removed: the scoring loop
    /// reads this dense array, not the documents.
    lengths: Vec<f32>,
    /// Documents' positions, hashed by their keys (which `docs` holds): 5
    /// bytes a bucket, where a map from key to position took 32.
    slots: HashTable<u32>,
    hasher: foldhash::fast::RandomState,
    /// By term. Keys are boxed (16 bytes, not a `String`'s 24): terms are
    /// never changed once in.
    postings: HashMap<Box<str>, PostingList>,
    total_length: f32,
    live_postings: usize,
    dead_postings: usize,
}

/// A document's terms with their weighted frequencies, and its length.
fn analyse(d: &Document) -> (HashMap<String, f32>, f32) {
    let mut weights: HashMap<String, f32> = HashMap::new();
    let mut length = 0.0;
    for (text, weight) in &d.fields {
        for term in terms(text) {
            *weights.entry(term).or_default() += weight;
            length += weight;
        }
    }
    // Initials repeat the title's words: they do not make a text longer.
    for term in initials(&d.title) {
        *weights.entry(term).or_default() += TITLE_INITIALS;
    }
    (weights, length)
}

impl SearchIndex {
    /// Indexes the documents.
    pub fn build(documents: impl IntoIterator<Item = Document>) -> Self {
        let mut index = SearchIndex::default();
        index.add(documents);
        index.shrink_to_fit();
        index
    }

    /// Adds (or replaces) documents; [`Self::shrink_to_fit`] once the last are in.
    pub fn add(&mut self, documents: impl IntoIterator<Item = Document>) {
        for d in documents {
            self.upsert(d);
        }
    }

    /// Gives back the room the lists grew into while documents were added
    /// one at a time: a posting list that doubled holds up to twice what it
    /// needs (a tenth of a large index's memory before this).
    pub fn shrink_to_fit(&mut self) {
        for list in self.postings.values_mut() {
            list.shrink_to_fit();
        }
        self.postings.shrink_to_fit();
        self.docs.shrink_to_fit();
        self.lengths.shrink_to_fit();
    }

    /// How many documents are indexed.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// How many terms, postings and posting bytes the index holds (for the
    /// memory benchmark).
    pub fn posting_counts(&self) -> (usize, usize, usize) {
        let lists = self.postings.values();
        let postings = lists.clone().map(PostingList::len).sum();
        let bytes = lists.map(PostingList::encoded_len).sum();
        (self.postings.len(), postings, bytes)
    }

    /// The document of a hit.
    pub fn doc(&self, n: usize) -> &Indexed {
        self.docs[n].as_ref().expect("hits are live documents")
    }

    /// Adds a document, or replaces the one with its key.
    pub fn upsert(&mut self, d: Document) {
        let (weights, length) = analyse(&d);
        self.remove(&d.key);
        let n = self.docs.len() as u32;
        for (term, tf) in &weights {
            match self.postings.get_mut(term.as_str()) {
                Some(list) => list.push(n, *tf),
                None => {
                    let mut list = PostingList::default();
                    list.push(n, *tf);
                    self.postings.insert(term.as_str().into(), list);
                }
            }
        }
        self.live_postings += weights.len();
        self.total_length += length;
        let docs = &self.docs;
        let hasher = &self.hasher;
        self.slots.insert_unique(hasher.hash_one(&d.key), n, |&m| {
            hasher.hash_one(Self::key_of(docs, m))
        });
        self.lengths.push(length);
        self.docs.push(Some(Indexed {
            key: d.key,
            postings: weights.len() as u32,
        }));
    }

    /// Removes the document with this key, if indexed.
    pub fn remove(&mut self, key: &DocKey) -> bool {
        let docs = &self.docs;
        let found =
            (self.slots).find_entry(self.hasher.hash_one(key), |&m| Self::key_of(docs, m) == key);
        let Ok(entry) = found else {
            return false;
        };
        let (n, _) = entry.remove();
        let gone = self.docs[n as usize]
            .take()
            .expect("slots point at live documents");
        self.total_length -= self.lengths[n as usize];
        self.lengths[n as usize] = -1.0;
        self.live_postings -= gone.postings as usize;
        self.dead_postings += gone.postings as usize;
        if self.dead_postings > self.live_postings.max(1024) {
            self.compact();
        }
        true
    }

    /// The key of a live document (the slot table holds only live ones).
    fn key_of(docs: &[Option<Indexed>], n: u32) -> &DocKey {
        let doc = docs[n as usize].as_ref();
        &doc.expect("slots point at live documents").key
    }

    /// Drops the postings of removed documents.
    fn compact(&mut self) {
        let docs = &self.docs;
        self.postings.retain(|_, list| {
            list.retain(|doc| docs[doc as usize].is_some());
            !list.is_empty()
        });
        self.dead_postings = 0;
    }

    /// The best `limit` documents for the query. `weigh` says whether a
    /// document may be returned and how much to boost it (`None`: hidden);
    /// it is asked only about the best-scoring candidates (at least 200, or
    /// 20 per result wanted), so a common word over 100,000 documents costs
    /// one pass over its postings, not a boost for each.
    pub fn search(
        &self,
        query: &str,
        limit: usize,
        weigh: impl Fn(&Indexed) -> Option<f32>,
    ) -> Vec<Hit> {
        let n = self.len() as f32;
        let average_length = (self.total_length / n.max(1.0)).max(1.0);
        let mut scores = vec![0.0f32; self.docs.len()];
        let mut touched: Vec<u32> = Vec::new();
        let mut wanted = query_terms(query);
        wanted.sort();
        wanted.dedup();
        for term in &wanted {
            let Some(list) = self.postings.get(term.as_str()) else {
                continue;
            };
            // Removed documents count in `df` until their postings are
            // compacted away (they are at most as many as the live ones).
            let df = list.len() as f32;
            let idf = (1.0 + (n - df + 0.5).max(0.5) / (df + 0.5)).ln();
            for (doc, tf) in list.iter() {
                let length = self.lengths[doc as usize];
                if length < 0.0 {
                    continue;
                }
                let norm = 1.0 - B + B * length / average_length;
                let slot = &mut scores[doc as usize];
                if *slot == 0.0 {
                    touched.push(doc);
                }
                *slot += idf * tf * (K1 + 1.0) / (tf + K1 * norm);
            }
        }
        let by_score = |a: &u32, b: &u32| {
            scores[*b as usize]
                .total_cmp(&scores[*a as usize])
                .then(a.cmp(b))
        };
        let keep = (limit * 20).max(200);
        if touched.len() > keep {
            touched.select_nth_unstable_by(keep, by_score);
            touched.truncate(keep);
        }
        let mut hits: Vec<Hit> = (touched.into_iter())
            .filter_map(|doc| {
                let boost = weigh(self.doc(doc as usize))?;
                Some(Hit {
                    doc: doc as usize,
                    score: scores[doc as usize] * boost,
                })
            })
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
        hits.truncate(limit);
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, question: &str, answer: &str) -> Document {
        Document {
            key: DocKey::Entry(id.into()),
            title: question.into(),
            fields: vec![(question.into(), 3.0), (answer.into(), 1.0)],
        }
    }

    #[test]
    fn ranks_by_the_question_and_honours_the_filter() {
        let index = SearchIndex::build(vec![
            doc(
                "renewal",
                "注册商标到期了如何办理续展",
                "期满前十二个月内办理",
            ),
            doc("fee", "专利费用可以减缴吗", "减缴百分之八十五"),
        ]);
        let hits = index.search("商标续展要什么材料", 5, |_| Some(1.0));
        assert_eq!(index.doc(hits[0].doc).key, DocKey::Entry("renewal".into()));
        assert!(index.search("商标续展", 5, |_| None).is_empty());
        let by_initials = index.search("sbxz", 5, |_| Some(1.0));
        assert_eq!(
            index.doc(by_initials[0].doc).key,
            DocKey::Entry("renewal".into())
        );
    }

    #[test]
    fn follows_replacements_and_removals() {
        let mut index = SearchIndex::build(vec![
            doc("a", "商标续展", "期满前办理"),
            doc("b", "专利费用减缴", "减缴"),
        ]);
        index.upsert(doc("a", "专利质押登记", "质押"));
        assert!(index.search("商标续展", 5, |_| Some(1.0)).is_empty());
        let hits = index.search("质押登记", 5, |_| Some(1.0));
        assert_eq!(index.doc(hits[0].doc).key, DocKey::Entry("a".into()));
        assert!(index.remove(&DocKey::Entry("a".into())));
        assert!(index.search("质押登记", 5, |_| Some(1.0)).is_empty());
        assert_eq!(index.len(), 1);
        for n in 0..2_000 {
            index.upsert(doc("c", &format!("商标{n}"), "续展"));
        }
        assert_eq!(index.len(), 2);
        assert!(index.postings.values().map(PostingList::len).sum::<usize>() < 3_000);
        let hits = index.search("专利费用", 5, |_| Some(1.0));
        assert_eq!(index.doc(hits[0].doc).key, DocKey::Entry("b".into()));
    }
}
