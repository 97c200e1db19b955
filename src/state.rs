//! Shared application state: the pool and the in-memory directory (region tree
//! and spatial outlet index), kept in step with every committed write.

use std::collections::{BTreeSet, HashMap};
use std::str::FromStr;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use actix_web::web;
use anyhow::Context;
use chrono::{DateTime, NaiveDateTime, Utc};

pub use crate::api::outlets::json::IndexedOutlet;
use crate::catalogue::Catalogue;
use crate::db::group_commit::GroupCommit;
use crate::db::outlets::OutletRow;
use crate::db::regions::RegionRow;
use crate::db::{self, DbConn, DbPool};
use crate::domain::outlet::Outlet;
use crate::domain::point::LngLat;
use crate::domain::regions::{Region, RegionTree};
use crate::domain::spatial::SpatialIndex;
use crate::domain::vocab::RegionLevel;
use crate::error::AppError;

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
}

/// Secondary indices of the outlets, kept in step with every write.
#[derive(Debug, Default)]
struct Links {
    /// Outlet ids by the region they are registered in.
    by_region: HashMap<String, BTreeSet<String>>,
    /// Outlet ids by their parent outlet.
    children: HashMap<String, BTreeSet<String>>,
}

impl Links {
    fn add(&mut self, o: &Outlet) {
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

    fn remove(&mut self, o: &Outlet) {
        if let Some(ids) = self.by_region.get_mut(&o.region_code) {
            ids.remove(&o.id);
        }
        if let Some(ids) = o.parent_id.as_ref().and_then(|p| self.children.get_mut(p)) {
            ids.remove(&o.id);
        }
    }
}

impl Directory {
    /// Loads everything from the database.
    pub fn load(conn: &mut DbConn) -> anyhow::Result<Self> {
        let regions = db::regions::load_all(conn)?
            .into_iter()
            .map(region_from_row)
            .collect::<anyhow::Result<_>>()?;
        let regions = RegionTree::new(regions).map_err(anyhow::Error::msg)?;
        let outlets = db::outlets::load_all(conn)?
            .into_iter()
            .map(|row| {
                let o = outlet_from_row(row)?;
                Ok((o.id.clone(), o.location, Arc::new(IndexedOutlet::new(o))))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let catalogue = Catalogue::load(conn)?;
        let mut links = Links::default();
        for (_, _, o) in &outlets {
            links.add(o);
        }
        Ok(Directory {
            regions,
            outlets: SpatialIndex::bulk_load(outlets),
            catalogue,
            links,
        })
    }

    /// Puts a committed outlet into the index, unless a newer version is already there.
    pub fn put_outlet(&mut self, outlet: Outlet) {
        if self
            .outlets
            .get(&outlet.id)
            .is_some_and(|o| o.version >= outlet.version)
        {
            return;
        }
        if let Some(old) = self.outlets.get(&outlet.id).cloned() {
            self.links.remove(&old);
        }
        self.links.add(&outlet);
        let (id, at) = (outlet.id.clone(), outlet.location);
        self.outlets
            .upsert(&id, at, Arc::new(IndexedOutlet::new(outlet)));
    }

    /// Outlets registered in a region (not those under it), closed ones too.
    pub fn outlets_in_region(&self, code: &str) -> impl Iterator<Item = &Arc<IndexedOutlet>> {
        self.links
            .by_region
            .get(code)
            .into_iter()
            .flatten()
            .filter_map(|id| self.outlets.get(id))
    }

    /// The outlet and every outlet under it in the parent tree.
    pub fn outlet_subtree(&self, root: &str) -> Vec<String> {
        let mut out = vec![root.to_owned()];
        let mut seen: BTreeSet<String> = out.iter().cloned().collect();
        let mut i = 0;
        while i < out.len() {
            for child in self.links.children.get(&out[i]).into_iter().flatten() {
                if seen.insert(child.clone()) {
                    out.push(child.clone());
                }
            }
            i += 1;
        }
        out
    }

    /// The parent id of an outlet, or `None` when there is no such outlet.
    pub fn parent_of(&self, id: &str) -> Option<Option<String>> {
        self.outlets.get(id).map(|o| o.parent_id.clone())
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// Database connections.
    pub pool: DbPool,
    /// Connections for writes: on SQLite a single one, so writers queue here
    /// instead of sleeping in SQLite's busy handler; on PostgreSQL the same pool.
    pub writer: DbPool,
    /// Abuse limits on public intake.
    pub guard: Arc<crate::api::http::guard::IntakeGuard>,
    /// Ticket intake: concurrent intakes share one commit.
    pub intake: GroupCommit,
    directory: Arc<RwLock<Directory>>,
}

impl AppState {
    /// Wraps a pool and a loaded directory, and starts the intake committer.
    pub fn new(
        pool: DbPool,
        writer: DbPool,
        directory: Directory,
        guard: crate::api::http::guard::IntakeGuard,
    ) -> std::io::Result<Self> {
        Ok(Self {
            pool,
            intake: GroupCommit::start(writer.clone())?,
            writer,
            guard: Arc::new(guard),
            directory: Arc::new(RwLock::new(directory)),
        })
    }

    /// Runs blocking database work on the blocking thread pool.
    pub async fn db<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, AppError> + Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || f(&mut *pool.get()?)).await?
    }

    /// Runs blocking work that writes, on the writer connection(s).
    pub async fn write<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, AppError> + Send + 'static,
    {
        let pool = self.writer.clone();
        web::block(move || f(&mut *pool.get()?)).await?
    }

    /// Reads the directory.
    pub fn directory(&self) -> RwLockReadGuard<'_, Directory> {
        // A panic while holding the lock cannot leave the index half-updated
        // (updates are single calls), so a poisoned lock is still usable.
        self.directory.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Changes the directory.
    pub fn directory_mut(&self) -> RwLockWriteGuard<'_, Directory> {
        self.directory.write().unwrap_or_else(|e| e.into_inner())
    }
}

/// Converts a stored region.
pub fn region_from_row(row: RegionRow) -> anyhow::Result<Region> {
    let level =
        RegionLevel::from_str(&row.level).with_context(|| format!("region {} level", row.code))?;
    let seat = match (row.seat_lng, row.seat_lat) {
        (Some(lng), Some(lat)) => {
            Some(LngLat::new(lng, lat).with_context(|| format!("region {} seat", row.code))?)
        }
        _ => None,
    };
    let boundary = match &row.boundary {
        Some(text) => Some(
            crate::api::http::geojson::parse_multipolygon(text)
                .with_context(|| format!("region {} boundary", row.code))?,
        ),
        None => None,
    };
    Ok(Region {
        code: row.code,
        name: row.name,
        level,
        category: row.category,
        parent_code: row.parent_code,
        seat,
        boundary,
    })
}

/// Converts a stored outlet.
pub fn outlet_from_row(row: OutletRow) -> anyhow::Result<Outlet> {
    let ctx = |what: &str| format!("outlet {} {what}", row.id);
    Ok(Outlet {
        kind: row.kind.parse().with_context(|| ctx("kind"))?,
        tier: row.tier.parse().with_context(|| ctx("tier"))?,
        status: row.status.parse().with_context(|| ctx("status"))?,
        location: LngLat::new(row.lng, row.lat).with_context(|| ctx("location"))?,
        phones: serde_json::from_str(&row.phones).with_context(|| ctx("phones"))?,
        verified_at: row.verified_at.map(utc),
        created_at: utc(row.created_at),
        updated_at: utc(row.updated_at),
        id: row.id,
        name: row.name,
        name_en: row.name_en,
        region_code: row.region_code,
        parent_id: row.parent_id,
        address: row.address,
        email: row.email,
        website: row.website,
        status_note: row.status_note,
        note: row.note,
        version: row.version,
    })
}

/// Converts an outlet for storage.
pub fn outlet_to_row(o: &Outlet) -> OutletRow {
    OutletRow {
        id: o.id.clone(),
        name: o.name.clone(),
        name_en: o.name_en.clone(),
        kind: o.kind.as_str().to_owned(),
        tier: o.tier.as_str().to_owned(),
        region_code: o.region_code.clone(),
        parent_id: o.parent_id.clone(),
        address: o.address.clone(),
        lng: o.location.lng(),
        lat: o.location.lat(),
        phones: serde_json::to_string(&o.phones).expect("strings serialize"),
        email: o.email.clone(),
        website: o.website.clone(),
        status: o.status.as_str().to_owned(),
        status_note: o.status_note.clone(),
        note: o.note.clone(),
        verified_at: o.verified_at.map(|t| t.naive_utc()),
        created_at: o.created_at.naive_utc(),
        updated_at: o.updated_at.naive_utc(),
        version: o.version,
    }
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}
