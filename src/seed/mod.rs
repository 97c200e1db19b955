//! Reference data loaded into an empty (or partly filled) database: the
//! national region tree (GB/T 2260, 2025), the Jinzhong parks and the
//! Jinzhong demonstration network. Idempotent: existing rows are kept.

use std::collections::HashSet;

use anyhow::Context;
use chrono::Utc;
use serde::Deserialize;
use uuid::Uuid;

mod catalogue;
pub mod hotline_rules;
pub mod knowledge;
pub mod plans;
pub mod synthetic;
pub mod synthetic_boundaries;
pub mod synthetic_tickets;

use crate::db::outlets::{OutletRow, RevisionRow};
use crate::db::regions::RegionRow;
use crate::db::{self, write_transaction, DbConn};
use crate::domain::coords::gcj02_to_wgs84;

pub(crate) const REGIONS_CSV: &str = include_str!("../../seed/regions.csv");
const PARKS_CSV: &str = include_str!("../../seed/jinzhong-parks.csv");
const NETWORK_CSV: &str = include_str!("../../seed/jinzhong-network.csv");

/// Namespace of the demonstration outlets' ids, so re-seeding finds them again.
const SEED_NAMESPACE: Uuid = Uuid::from_u128(0x6a1f_3c2e_9b7d_4e15_8c40_1d2b_3e4f_5a60);

/// Shown with every demonstration outlet.
pub const DEMO_NOTE: &str =
    "演示网点：依据《晋中市知识产权公共服务体系建设实施方案》建模，机构名称真实，位置为近似值。\
Demonstration outlet modelled on the Jinzhong plan: real institution names, approximate positions.";

/// What a seed run added.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    /// Regions inserted.
    pub regions: usize,
    /// Outlets inserted.
    pub outlets: usize,
    /// Calendar years inserted.
    pub calendar_years: usize,
    /// Service matters inserted.
    pub matters: usize,
}

#[derive(Deserialize)]
pub(crate) struct RegionCsv {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) level: String,
    #[serde(rename = "type")]
    pub(crate) category: String,
    pub(crate) parent_code: Option<String>,
    pub(crate) seat_lng_gcj02: Option<f64>,
    pub(crate) seat_lat_gcj02: Option<f64>,
}

#[derive(Deserialize)]
struct ParkCsv {
    code: String,
    name: String,
    parent_code: String,
    centre_lng_gcj02: f64,
    centre_lat_gcj02: f64,
}

#[derive(Deserialize)]
struct OutletCsv {
    key: String,
    name: String,
    kind: String,
    tier: String,
    region_code: String,
    parent_key: Option<String>,
    address: String,
    lng_gcj02: f64,
    lat_gcj02: f64,
    note: String,
}

/// True when no region has been loaded yet.
pub fn is_empty(conn: &mut DbConn) -> anyhow::Result<bool> {
    Ok(db::regions::codes(conn)?.is_empty())
}

/// Inserts whatever reference data is missing, in one transaction.
pub fn run(conn: &mut DbConn) -> anyhow::Result<SeedReport> {
    write_transaction(conn, |conn| {
        let regions = seed_regions(conn)?;
        let outlets = seed_outlets(conn)?;
        let calendar_years = catalogue::seed_calendar(conn)?;
        let matters = catalogue::seed_matters(conn)?;
        catalogue::seed_hours(conn)?;
        hotline_rules::seed_rules(conn)?;
        knowledge::seed_knowledge(conn)?;
        plans::seed_plans(conn)?;
        Ok(SeedReport {
            regions,
            outlets,
            calendar_years,
            matters,
        })
    })
}

pub(crate) fn read<T: for<'de> Deserialize<'de>>(name: &str, text: &str) -> anyhow::Result<Vec<T>> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<_, _>>()
        .with_context(|| format!("parsing seed/{name}"))
}

fn seed_regions(conn: &mut DbConn) -> anyhow::Result<usize> {
    let existing: HashSet<String> = db::regions::codes(conn)?.into_iter().collect();
    let mut rows: Vec<RegionRow> = read::<RegionCsv>("regions.csv", REGIONS_CSV)?
        .into_iter()
        .map(|r| {
            let seat = r
                .seat_lng_gcj02
                .zip(r.seat_lat_gcj02)
                .map(|(lng, lat)| gcj02_to_wgs84(lng, lat));
            region_row(
                r.code,
                r.name,
                r.level,
                Some(r.category),
                r.parent_code,
                seat,
            )
        })
        .collect();
    rows.extend(
        read::<ParkCsv>("jinzhong-parks.csv", PARKS_CSV)?
            .into_iter()
            .map(|p| {
                let centre = gcj02_to_wgs84(p.centre_lng_gcj02, p.centre_lat_gcj02);
                region_row(
                    p.code,
                    p.name,
                    "park".into(),
                    Some("园区".into()),
                    Some(p.parent_code),
                    Some(centre),
                )
            }),
    );
    rows.retain(|r| !existing.contains(&r.code));
    Ok(db::regions::insert(conn, &rows)?)
}

fn region_row(
    code: String,
    name: String,
    level: String,
    category: Option<String>,
    parent_code: Option<String>,
    seat: Option<(f64, f64)>,
) -> RegionRow {
    RegionRow {
        code,
        name,
        level,
        category,
        parent_code,
        seat_lng: seat.map(|s| s.0),
        seat_lat: seat.map(|s| s.1),
        boundary: None,
        boundary_updated_at: None,
    }
}

fn seed_id(key: &str) -> String {
    Uuid::new_v5(&SEED_NAMESPACE, format!("jinzhong/{key}").as_bytes()).to_string()
}

fn seed_outlets(conn: &mut DbConn) -> anyhow::Result<usize> {
    let now = Utc::now().naive_utc();
    let mut inserted = 0;
    for o in read::<OutletCsv>("jinzhong-network.csv", NETWORK_CSV)? {
        let (lng, lat) = gcj02_to_wgs84(o.lng_gcj02, o.lat_gcj02);
        // regions.csv lacks some county seats (e.g. 太谷区); a workstation the
        // plan places at the county seat supplies it.
        if o.note == "at the county seat" {
            db::regions::set_seat_if_missing(conn, &o.region_code, lng, lat)?;
        }
        let id = seed_id(&o.key);
        if db::outlets::exists(conn, &id)? {
            continue;
        }
        let row = OutletRow {
            id: id.clone(),
            name: o.name,
            name_en: None,
            kind: o.kind,
            tier: o.tier,
            region_code: o.region_code,
            parent_id: o.parent_key.as_deref().map(seed_id),
            address: o.address,
            lng,
            lat,
            phones: "[]".into(),
            email: None,
            website: None,
            status: "normal".into(),
            status_note: None,
            note: Some(format!("{DEMO_NOTE} ({})", o.note)),
            verified_at: None,
            created_at: now,
            updated_at: now,
            version: 1,
        };
        inserted += db::outlets::insert(conn, &row)?;
        let snapshot = serde_json::json!({ "seed": "jinzhong", "key": o.key }).to_string();
        let revision = RevisionRow {
            outlet_id: id,
            version: 1,
            action: "seed".into(),
            actor_key_id: None,
            changed_at: now,
            snapshot,
        };
        db::outlets::insert_revision(conn, &revision)?;
        // Logged like every other write, so the change feed replays the seed too.
        db::changes::record(conn, db::changes::entity::OUTLET, &revision.outlet_id)?;
    }
    Ok(inserted)
}
