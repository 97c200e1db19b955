//! Full-text search over outlets (name, kind, the service matters offered,
//! address) on the same engine as the knowledge base. A small directory is
//! indexed while it loads; a large one in the background after it is in (a
//! million outlets take tens of seconds to segment), and until then
//! searches read the outlets' names and addresses word by word instead.

use std::sync::Arc;

use super::{Catalogue, Directory, IndexedOutlet};
use crate::domain::knowledge::search::{DocKey, Document, Hit, SearchIndex};
use crate::domain::knowledge::text::words;

/// Directories up to this many outlets are indexed while they load (about
/// 80 µs an outlet: 0.16 s here; at 20,000 a replica took a second longer to
/// be ready).
pub const INDEX_WHILE_LOADING: usize = 2_000;

/// Outlets whose documents are made under one read lock while a large
/// directory is indexed in the background (at most 9 ms at a time, measured
/// at a million outlets; 18 ms with chunks of 10,000).
pub const CHUNK: usize = 4_096;

/// The outlets' search index, `None` while it is being built.
#[derive(Debug, Default)]
pub struct OutletSearch {
    index: Option<SearchIndex>,
}

/// An outlet as a search document: the name weighs most, then its kind and
/// the matters it offers, then the address.
pub fn outlet_document(o: &IndexedOutlet, catalogue: &Catalogue) -> Document {
    let (kind_zh, kind_en) = o.kind().labels();
    let mut services = format!("{kind_zh}\n{kind_en}");
    for m in catalogue.matters_of((o.id(), o.kind())) {
        services.push('\n');
        services.push_str(&m.guide.name);
    }
    let d = o.details();
    let mut name = d.name().to_owned();
    if let Some(en) = d.name_en() {
        name.push('\n');
        name.push_str(en);
    }
    Document {
        key: DocKey::Outlet(o.id().into()),
        title: d.name().to_owned(),
        fields: vec![(name, 3.0), (services, 1.5), (d.address().to_owned(), 1.0)],
    }
}

impl OutletSearch {
    /// Whether the index is built.
    pub fn is_ready(&self) -> bool {
        self.index.is_some()
    }

    /// Indexes a new or changed outlet (once the index is built; the
    /// background build reads it otherwise).
    pub fn put(&mut self, o: &IndexedOutlet, catalogue: &Catalogue) {
        if let Some(index) = &mut self.index {
            index.upsert(outlet_document(o, catalogue));
        }
    }

    /// The best outlets for the query; `weigh` says whether an outlet may be
    /// returned and how much it counts (e.g. more in the caller's region). While
    /// the index is being built, outlets are scored by the query's words
    /// found in their name, kind and address instead.
    pub fn search<'a>(
        &self,
        dir: &'a Directory,
        query: &str,
        limit: usize,
        weigh: impl Fn(&IndexedOutlet) -> Option<f32>,
    ) -> Vec<(&'a Arc<IndexedOutlet>, f32)> {
        let Some(index) = self.index.as_ref() else {
            return scan(dir, &words(query), limit, weigh);
        };
        let outlet = |key: &DocKey| match key {
            DocKey::Outlet(id) => dir.outlets.get(id),
            _ => None,
        };
        let hits: Vec<Hit> = index.search(query, limit, |d| weigh(outlet(&d.key)?));
        (hits.into_iter())
            .filter_map(|h| Some((outlet(&index.doc(h.doc).key)?, h.score)))
            .collect()
    }
}

/// Outlets whose name, address or kind holds query words, best first: each
/// word found counts its length (twice in the name). Linear in the number
/// of outlets: only while the index is being built.
fn scan<'a>(
    dir: &'a Directory,
    words: &[String],
    limit: usize,
    weigh: impl Fn(&IndexedOutlet) -> Option<f32>,
) -> Vec<(&'a Arc<IndexedOutlet>, f32)> {
    let mut hits: Vec<(&Arc<IndexedOutlet>, f32)> = (dir.outlets.payloads())
        .filter_map(|o| {
            let kind = o.kind().labels().0;
            let d = o.details();
            let score: f32 = (words.iter())
                .map(|w| {
                    let n = w.chars().count() as f32;
                    let in_name = d.name().contains(w.as_str()) || kind.contains(w.as_str());
                    n * (2.0 * f32::from(u8::from(in_name))
                        + f32::from(u8::from(d.address().contains(w.as_str()))))
                })
                .sum();
            (score > 0.0).then_some(())?;
            Some((o, score * weigh(o)?))
        })
        .collect();
    hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.id().cmp(b.0.id())));
    hits.truncate(limit);
    hits
}

/// The directory's outlets as they are now (entries are replaced on every
/// write, never changed, so these stay as read).
pub fn snapshot(dir: &Directory) -> Vec<Arc<IndexedOutlet>> {
    dir.outlets.payloads().cloned().collect()
}

/// The documents of `outlets`, with the directory's catalogue.
pub fn documents(dir: &Directory, outlets: &[Arc<IndexedOutlet>]) -> Vec<Document> {
    (outlets.iter())
        .map(|o| outlet_document(o, &dir.catalogue))
        .collect()
}

/// Puts an index built away from the directory in place, after indexing
/// again the outlets that changed or came since `read` was taken (an entry
/// not among those read is new: `read` holds the old ones, so their
/// addresses cannot have been reused).
pub fn install(dir: &mut Directory, mut index: SearchIndex, read: &[Arc<IndexedOutlet>]) {
    let read: std::collections::HashSet<*const IndexedOutlet> =
        read.iter().map(Arc::as_ptr).collect();
    let changed: Vec<Document> = (dir.outlets.payloads())
        .filter(|o| !read.contains(&Arc::as_ptr(o)))
        .map(|o| outlet_document(o, &dir.catalogue))
        .collect();
    for doc in changed {
        index.upsert(doc);
    }
    dir.outlet_search.index = Some(index);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::outlet::Outlet;

    fn outlet(id: &str, name: &str, version: i64) -> Outlet {
        Outlet {
            version,
            ..crate::domain::outlet::sample(id, name)
        }
    }

    fn found(dir: &Directory, query: &str) -> Vec<String> {
        (dir.outlet_search
            .search(dir, query, 10, |_| Some(1.0))
            .into_iter())
        .map(|(o, _)| o.id().to_owned())
        .collect()
    }

    #[test]
    fn outlets_changed_or_added_while_the_index_was_built_are_indexed_as_they_are_now() {
        let mut dir = Directory::default();
        for o in [
            outlet("a", "平遥牛肉工作站", 1),
            outlet("b", "祁县玻璃工作站", 1),
        ] {
            dir.put_outlet(&o).unwrap();
        }
        let read = snapshot(&dir);
        let mut index = SearchIndex::default();
        for chunk in read.chunks(1) {
            index.add(documents(&dir, chunk));
        }
        dir.put_outlet(&outlet("a", "太谷饼工作站", 2)).unwrap();
        dir.put_outlet(&outlet("c", "介休绵山工作站", 1)).unwrap();
        install(&mut dir, index, &read);
        assert!(dir.outlet_search.is_ready());
        assert_eq!(found(&dir, "太谷饼"), ["a"]);
        assert!(found(&dir, "牛肉").is_empty());
        assert_eq!(found(&dir, "绵山"), ["c"]);
        assert_eq!(found(&dir, "玻璃"), ["b"]);
    }
}
