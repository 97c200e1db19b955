//! Secondary indices of the outlets: by region and by parent. They hold the
//! directory's own entries (a pointer each), ordered by id.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::IndexedOutlet;

/// A directory entry ordered, and found, by its id.
#[derive(Debug, Clone)]
struct ById(Arc<IndexedOutlet>);

impl PartialEq for ById {
    fn eq(&self, other: &Self) -> bool {
        self.0.id_order() == other.0.id_order()
    }
}

impl Eq for ById {}

impl PartialOrd for ById {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ById {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.id_order().cmp(other.0.id_order())
    }
}

impl Borrow<str> for ById {
    fn borrow(&self) -> &str {
        self.0.id()
    }
}

/// Entries by a key, in id order.
type ByKey = HashMap<String, BTreeSet<ById>, foldhash::fast::RandomState>;

/// Secondary indices of the outlets, kept in step with every write.
#[derive(Debug, Default)]
pub struct Links {
    /// Outlets by the region they are registered in.
    by_region: ByKey,
    /// Outlets by their parent outlet.
    children: ByKey,
}

impl Links {
    /// Links of many outlets at once: each set is built from sorted entries.
    /// Inserting them one at a time, each compared with those already in
    /// its set, was the largest part of building the links (by `perf`, at a
    /// million outlets).
    pub fn build<'a>(outlets: impl Iterator<Item = &'a Arc<IndexedOutlet>>) -> Self {
        let (mut by_region, mut children) = (
            HashMap::<&str, Vec<ById>>::new(),
            HashMap::<&str, Vec<ById>>::new(),
        );
        for o in outlets {
            let entry = ById(o.clone());
            if let Some(parent) = o.parent_id() {
                children.entry(parent).or_default().push(entry.clone());
            }
            by_region.entry(o.region_code()).or_default().push(entry);
        }
        let sets = |map: HashMap<&str, Vec<ById>>| -> ByKey {
            (map.into_iter())
                .map(|(key, mut entries)| {
                    entries.sort_unstable();
                    (key.to_owned(), entries.into_iter().collect())
                })
                .collect()
        };
        Self {
            by_region: sets(by_region),
            children: sets(children),
        }
    }

    /// Links an outlet.
    pub fn add(&mut self, o: &Arc<IndexedOutlet>) {
        let region = self.by_region.entry(o.region_code().to_owned());
        region.or_default().insert(ById(o.clone()));
        if let Some(parent) = o.parent_id() {
            (self.children.entry(parent.to_owned()).or_default()).insert(ById(o.clone()));
        }
    }

    /// Unlinks an outlet.
    pub fn remove(&mut self, o: &IndexedOutlet) {
        if let Some(entries) = self.by_region.get_mut(o.region_code()) {
            entries.remove(o.id());
        }
        if let Some(entries) = o.parent_id().and_then(|p| self.children.get_mut(p)) {
            entries.remove(o.id());
        }
    }

    /// Outlets registered in a region, in id order.
    pub fn in_region(&self, code: &str) -> impl Iterator<Item = &Arc<IndexedOutlet>> {
        (self.by_region.get(code).into_iter().flatten()).map(|e| &e.0)
    }

    /// Outlets whose parent is `id`, in id order.
    pub fn children_of(&self, id: &str) -> impl Iterator<Item = &Arc<IndexedOutlet>> {
        (self.children.get(id).into_iter().flatten()).map(|e| &e.0)
    }
}
