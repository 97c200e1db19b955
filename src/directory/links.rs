//! Secondary indices of the outlets: by region and by parent.

use std::collections::{BTreeSet, HashMap};

use crate::domain::outlet::Outlet;

/// Secondary indices of the outlets, kept in step with every write.
#[derive(Debug, Default)]
pub struct Links {
    /// Outlet ids by the region they are registered in.
    pub by_region: HashMap<String, BTreeSet<String>>,
    /// Outlet ids by their parent outlet.
    pub children: HashMap<String, BTreeSet<String>>,
}

impl Links {
    pub fn add(&mut self, o: &Outlet) {
        self.by_region
            .entry(o.region_code.clone())
            .or_default()
            .insert(o.id.clone());
        if let Some(parent) = &o.parent_id {
            self.children
                .entry(parent.clone())
                .or_default()
                .insert(o.id.clone());
        }
    }

    pub fn remove(&mut self, o: &Outlet) {
        if let Some(ids) = self.by_region.get_mut(&o.region_code) {
            ids.remove(&o.id);
        }
        if let Some(ids) = o.parent_id.as_ref().and_then(|p| self.children.get_mut(p)) {
            ids.remove(&o.id);
        }
    }
}
