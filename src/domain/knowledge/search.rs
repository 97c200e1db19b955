//! Ranked search (BM25) over knowledge entries and service matters, on the
//! terms of [`super::text`]. Question and phrasings weigh three times the
//! answer, so an entry is found by how people ask, not by words its answer
//! happens to use.

use std::collections::HashMap;

use super::text::terms;

/// BM25 term-frequency saturation.
const K1: f32 = 1.2;
/// BM25 length normalisation.
const B: f32 = 0.75;

/// What a search result is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DocKey {
    /// A knowledge entry, by id.
    Entry(String),
    /// A service matter, by code.
    Matter(String),
}

/// A document to index: its key, title, region and weighted texts.
#[derive(Debug, Clone)]
pub struct Document {
    /// What it is.
    pub key: DocKey,
    /// Shown in results.
    pub title: String,
    /// Texts and their weights.
    pub fields: Vec<(String, f32)>,
}

/// An indexed document.
#[derive(Debug, Clone)]
pub struct Indexed {
    /// What it is.
    pub key: DocKey,
    /// Shown in results.
    pub title: String,
    length: f32,
}

/// A result: the document's position in the index and its score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Position in [`SearchIndex::docs`].
    pub doc: usize,
    /// Relevance (higher is better).
    pub score: f32,
}

/// The inverted index.
#[derive(Debug, Default)]
pub struct SearchIndex {
    docs: Vec<Indexed>,
    postings: HashMap<String, Vec<(u32, f32)>>,
    average_length: f32,
}

impl SearchIndex {
    /// Indexes the documents.
    pub fn build(documents: Vec<Document>) -> Self {
        let mut index = SearchIndex::default();
        for (n, d) in documents.into_iter().enumerate() {
            let mut weights: HashMap<String, f32> = HashMap::new();
            let mut length = 0.0;
            for (text, weight) in &d.fields {
                for term in terms(text) {
                    *weights.entry(term).or_default() += weight;
                    length += weight;
                }
            }
            for (term, tf) in weights {
                index.postings.entry(term).or_default().push((n as u32, tf));
            }
            index.docs.push(Indexed {
                key: d.key,
                title: d.title,
                length,
            });
        }
        let total: f32 = index.docs.iter().map(|d| d.length).sum();
        index.average_length = total / index.docs.len().max(1) as f32;
        index
    }

    /// The indexed documents.
    pub fn docs(&self) -> &[Indexed] {
        &self.docs
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
        let n = self.docs.len() as f32;
        let mut scores = vec![0.0f32; self.docs.len()];
        let mut touched: Vec<u32> = Vec::new();
        let mut query_terms = terms(query);
        query_terms.sort();
        query_terms.dedup();
        for term in &query_terms {
            let Some(list) = self.postings.get(term) else {
                continue;
            };
            let idf = (1.0 + (n - list.len() as f32 + 0.5) / (list.len() as f32 + 0.5)).ln();
            for &(doc, tf) in list {
                let norm =
                    1.0 - B + B * self.docs[doc as usize].length / self.average_length.max(1.0);
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
                let boost = weigh(&self.docs[doc as usize])?;
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
        assert_eq!(
            index.docs()[hits[0].doc].key,
            DocKey::Entry("renewal".into())
        );
        assert!(index.search("商标续展", 5, |_| None).is_empty());
    }
}
