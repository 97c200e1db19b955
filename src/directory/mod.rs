//! The directory held in memory: the region tree, the spatial outlet index with
//! a cached entry per outlet, and the catalogue (calendar, matters, hours,
//! hotline rules). Loaded at start and kept in step with every committed write.

pub mod boundaries;
pub mod cached_json;
pub mod catalogue;
pub mod coverage;
pub mod entry;
pub mod knowledge;
pub mod links;
pub mod load;
pub mod outlet_search;
pub mod outlet_texts;
pub mod store;

use std::collections::BTreeSet;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::domain::outlet::Outlet;
use crate::domain::regions::{Region, RegionTree};
use crate::domain::spatial::SpatialIndex;
use crate::error::AppError;
pub use catalogue::Catalogue;
pub use entry::IndexedOutlet;
use links::Links;

/// Regions and outlets held in memory for spatial lookups.
#[derive(Debug, Default)]
pub struct Directory {
    /// The region tree with boundaries and seats.
    pub regions: RegionTree,
    /// Every outlet (closed ones too), by position.
    pub outlets: SpatialIndex<Arc<IndexedOutlet>>,
    /// Calendar, service matters, opening hours and hotline rules.
    pub catalogue: Catalogue,
    /// Outlets by region and by parent.
    links: Links,
    /// The outlets' full-text index.
    pub outlet_search: outlet_search::OutletSearch,
    /// How many outlets may keep their rendered answer JSON.
    pub render_budget: entry::RenderBudget,
}

impl Directory {
    /// The opening as of `t` of the outlet `id` with `status`: none for a
    /// closed outlet or one without hours.
    pub fn opening(
        &self,
        (id, status): (&str, crate::domain::vocab::OutletStatus),
        t: chrono::DateTime<chrono::Utc>,
    ) -> Option<catalogue::OpeningNow<'_>> {
        if status == crate::domain::vocab::OutletStatus::Closed {
            return None;
        }
        self.catalogue.opening(id, t)
    }

    /// Nothing when `id` is absent or names an outlet (closed ones too);
    /// otherwise a 422 naming `field`.
    pub fn check_outlet(&self, field: &str, id: Option<&str>) -> Result<(), AppError> {
        match id {
            Some(id) if self.outlets.get(id).is_none() => {
                Err(AppError::rejected(field, "网点不存在", "no such outlet"))
            }
            _ => Ok(()),
        }
    }

    /// Nothing when `code` is absent or names a region of the tree; otherwise
    /// a 422 naming `field`.
    pub fn check_region(&self, field: &str, code: Option<&str>) -> Result<(), AppError> {
        match code {
            Some(code) if self.regions.get(code).is_none() => Err(AppError::rejected(
                field,
                "行政区划不存在",
                "no such region",
            )),
            _ => Ok(()),
        }
    }

    /// Nothing when every code names a region of the tree; otherwise a 422
    /// naming `field` and the first unknown code.
    pub fn check_regions<'a>(
        &self,
        field: &str,
        codes: impl IntoIterator<Item = &'a String>,
    ) -> Result<(), AppError> {
        match codes.into_iter().find(|c| self.regions.get(c).is_none()) {
            Some(bad) => Err(AppError::rejected(
                field,
                format!("行政区划 {bad} 不存在"),
                format!("no region {bad}"),
            )),
            None => Ok(()),
        }
    }

    /// Ids of the outlets offering a matter (see [`Catalogue::offers`]).
    pub fn outlets_offering(&self, matter: &str) -> Vec<String> {
        self.outlets
            .payloads()
            .filter(|o| self.catalogue.offers(matter, (o.id(), o.kind())))
            .map(|o| o.id().to_owned())
            .collect()
    }

    /// Puts a committed outlet into the index, unless a newer version is
    /// already there. Fails only for an outlet whose texts are longer than
    /// validation allows (see [`IndexedOutlet::new`]).
    pub fn put_outlet(&mut self, outlet: &Outlet) -> anyhow::Result<()> {
        let old = self.outlets.get(&outlet.id);
        if old.is_some_and(|o| o.version() >= outlet.version) {
            return Ok(());
        }
        let entry = Arc::new(IndexedOutlet::new(outlet)?);
        if let Some(old) = old {
            self.links.remove(old);
        }
        self.outlet_search.put(&entry, &self.catalogue);
        self.links.add(&entry);
        self.outlets.upsert(entry);
        Ok(())
    }

    /// Puts a committed matter in and indexes again the outlets offering it
    /// (their documents name the matters they offer).
    pub fn put_matter(&mut self, record: catalogue::MatterRecord) {
        let code = record.code.clone();
        self.catalogue.put_matter(record);
        self.reindex_outlets_offering(&[code]);
    }

    /// Replaces the catalogue (a replica reading the change log) and indexes
    /// again the outlets offering a matter that is new or changed.
    pub fn replace_catalogue(&mut self, fresh: Catalogue) {
        let changed: Vec<String> = (fresh.matters.values())
            .filter(|m| {
                (self.catalogue.matters.get(&m.code)).is_none_or(|old| old.version != m.version)
            })
            .map(|m| m.code.clone())
            .collect();
        self.catalogue = fresh;
        self.reindex_outlets_offering(&changed);
    }

    fn reindex_outlets_offering(&mut self, codes: &[String]) {
        if codes.is_empty() || !self.outlet_search.is_ready() {
            return;
        }
        let offering: Vec<Arc<IndexedOutlet>> = (self.outlets.payloads())
            .filter(|o| {
                codes
                    .iter()
                    .any(|c| self.catalogue.offers(c, (o.id(), o.kind())))
            })
            .cloned()
            .collect();
        for o in offering {
            self.outlet_search.put(&o, &self.catalogue);
        }
    }

    /// Puts committed regions into the tree: a boundary change is applied in
    /// place; a new region, or a changed name, category or seat, rebuilds the
    /// tree (a few milliseconds for the national tree).
    pub fn put_regions(&mut self, fresh: Vec<Region>) -> anyhow::Result<()> {
        let in_place = fresh.iter().all(|r| {
            self.regions.get(&r.code).is_some_and(|old| {
                (
                    &old.name,
                    old.level,
                    &old.category,
                    &old.parent_code,
                    old.seat,
                ) == (&r.name, r.level, &r.category, &r.parent_code, r.seat)
            })
        });
        if in_place {
            for region in fresh {
                let index = self.regions.index_of(&region.code).expect("checked above");
                self.regions.set_boundary(index, region.boundary);
            }
            return Ok(());
        }
        let mut all: Vec<Region> = self.regions.iter().map(|(_, r)| r.clone()).collect();
        for region in fresh {
            match all.iter_mut().find(|r| r.code == region.code) {
                Some(slot) => *slot = region,
                None => all.push(region),
            }
        }
        all.sort_by(|a, b| a.code.cmp(&b.code));
        self.regions = RegionTree::new(all).map_err(anyhow::Error::msg)?;
        Ok(())
    }

    /// Outlets registered in a region (not those under it), closed ones too.
    pub fn outlets_in_region(&self, code: &str) -> impl Iterator<Item = &Arc<IndexedOutlet>> {
        self.links.in_region(code)
    }

    /// The outlet and every outlet under it in the parent tree.
    pub fn outlet_subtree(&self, root: &str) -> Vec<String> {
        let mut out = vec![root.to_owned()];
        let mut seen: BTreeSet<String> = out.iter().cloned().collect();
        let mut i = 0;
        while i < out.len() {
            for child in self.links.children_of(&out[i]) {
                if seen.insert(child.id().to_owned()) {
                    out.push(child.id().to_owned());
                }
            }
            i += 1;
        }
        out
    }

    /// The parent id of an outlet, or `None` when there is no such outlet.
    pub fn parent_of(&self, id: &str) -> Option<Option<String>> {
        self.outlets
            .get(id)
            .map(|o| o.parent_id().map(str::to_owned))
    }
}

/// The directory shared by every worker: read by requests, changed piecewise
/// after commits.
#[derive(Debug, Default)]
pub struct SharedDirectory(RwLock<Directory>);

impl SharedDirectory {
    /// Shares a loaded directory.
    pub fn new(directory: Directory) -> Self {
        Self(RwLock::new(directory))
    }

    /// Reads the directory.
    pub fn read(&self) -> RwLockReadGuard<'_, Directory> {
        // A panic while holding the lock cannot leave the index half-updated
        // (updates are single calls), so a poisoned lock is still usable.
        self.0.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Changes the directory.
    pub fn write(&self) -> RwLockWriteGuard<'_, Directory> {
        self.0.write().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::Directory;
    use crate::error::AppError;

    /// A 422 naming `field`.
    fn assert_refuses(refused: Result<(), AppError>, field: &str) {
        let problem = refused.unwrap_err().problem(crate::i18n::Lang::default());
        assert_eq!(
            (problem.status, problem.field.as_deref()),
            (422, Some(field))
        );
    }

    #[test]
    fn an_outlet_reference_is_checked_against_the_directory() {
        let mut dir = Directory::default();
        dir.put_outlet(&crate::domain::outlet::sample(
            "o1",
            "太谷区知识产权服务工作站",
        ))
        .unwrap();
        assert!(dir.check_outlet("outlet_id", None).is_ok());
        assert!(dir.check_outlet("outlet_id", Some("o1")).is_ok());
        assert_refuses(
            dir.check_outlet("owner_outlet_id", Some("o2")),
            "owner_outlet_id",
        );
    }

    #[test]
    fn a_region_reference_is_checked_against_the_tree() {
        use crate::domain::regions::{Region, RegionTree};
        use crate::domain::vocab::RegionLevel;
        let province = Region {
            code: "140000".into(),
            name: "山西省".into(),
            level: RegionLevel::Province,
            category: None,
            parent_code: None,
            seat: None,
            boundary: None,
        };
        let dir = Directory {
            regions: RegionTree::new(vec![province]).unwrap(),
            ..Directory::default()
        };
        assert!(dir.check_region("region_code", None).is_ok());
        assert!(dir.check_region("region_code", Some("140000")).is_ok());
        assert_refuses(dir.check_region("lead_unit", Some("999999")), "lead_unit");
        let codes = ["140000".to_owned(), "999999".to_owned()];
        assert!(dir.check_regions("regions", &codes[..1]).is_ok());
        assert_refuses(dir.check_regions("regions", &codes), "regions");
    }
}
