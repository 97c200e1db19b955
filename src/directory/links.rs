//! Secondary indices of the outlets: by region and by parent. Ids are the
//! spatial index's shared ones, so each is stored once.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::IndexedOutlet;

/// Outlet ids by a key, in id order.
type IdsBy = HashMap<String, BTreeSet<Arc<str>>, foldhash::fast::RandomState>;

/// Secondary indices of the outlets, kept in step with every write.
#[derive(Debug, Default)]
pub struct Links {
    /// Outlet ids by the region they are registered in.
    pub by_region: IdsBy,
    /// Outlet ids by their parent outlet.
    pub children: IdsBy,
}

impl Links {
    /// Links of many outlets at once: each set is built from sorted ids.
    /// Inserting them one at a time, each compared with those already in
    /// its set, was the largest part of building the links (by `perf`, at a
    /// million outlets).
    pub fn build<'a>(outlets: impl Iterator<Item = &'a IndexedOutlet>) -> Self {
        let (mut by_region, mut children) = (
            HashMap::<&str, Vec<Arc<str>>>::new(),
            HashMap::<&str, Vec<Arc<str>>>::new(),
        );
        for o in outlets {
            let id = o.shared_id();
            by_region
                .entry(o.region_code())
                .or_default()
                .push(id.clone());
            if let Some(parent) = o.parent_id() {
                children.entry(parent).or_default().push(id.clone());
            }
        }
        let sets = |map: HashMap<&str, Vec<Arc<str>>>| -> IdsBy {
            (map.into_iter())
                .map(|(key, mut ids)| {
                    ids.sort_unstable();
                    (key.to_owned(), ids.into_iter().collect())
                })
                .collect()
        };
        Self {
            by_region: sets(by_region),
            children: sets(children),
        }
    }

    /// Links an outlet.
    pub fn add(&mut self, o: &IndexedOutlet) {
        let id = o.shared_id();
        (self
            .by_region
            .entry(o.region_code().to_owned())
            .or_default())
        .insert(id.clone());
        if let Some(parent) = o.parent_id() {
            (self.children.entry(parent.to_owned()).or_default()).insert(id.clone());
        }
    }

    /// Unlinks an outlet.
    pub fn remove(&mut self, o: &IndexedOutlet) {
        if let Some(ids) = self.by_region.get_mut(o.region_code()) {
            ids.remove(o.id());
        }
        if let Some(ids) = o.parent_id().and_then(|p| self.children.get_mut(p)) {
            ids.remove(o.id());
        }
    }
}
