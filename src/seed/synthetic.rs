//! Synthetic outlets for benchmarks: N outlets spread over the national region
//! tree, clustered around county seats, the same for the same seed.

use chrono::Utc;
use diesel::RunQueryDsl;
use indicatif::{ProgressBar, ProgressStyle};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

use super::{read, RegionCsv, REGIONS_CSV};
use crate::db::outlets::OutletRow;
use crate::db::schema::outlets;
use crate::db::{write_transaction, DbConn};
use crate::domain::coords::gcj02_to_wgs84;
use crate::domain::point::LngLat;
use crate::domain::vocab::OutletKind;

/// A county seat outlets cluster around.
#[derive(Debug, Clone)]
pub struct Seat {
    pub code: String,
    pub name: String,
    pub at: LngLat,
}

/// Every county-level seat with known coordinates, in WGS-84.
pub fn county_seats() -> anyhow::Result<Vec<Seat>> {
    Ok(read::<RegionCsv>("regions.csv", REGIONS_CSV)?
        .into_iter()
        .filter(|r| r.level == "county")
        .filter_map(|r| {
            let (lng, lat) = gcj02_to_wgs84(r.seat_lng_gcj02?, r.seat_lat_gcj02?);
            Some(Seat {
                code: r.code,
                name: r.name,
                at: LngLat::new(lng, lat).ok()?,
            })
        })
        .collect())
}

/// Mostly brand stations and workstations, as in a real network; 1 in 100 is an information point.
fn kind(rng: &mut StdRng) -> OutletKind {
    match rng.random_range(0..100) {
        0 => OutletKind::InformationServicePoint,
        1..=50 => OutletKind::TrademarkBrandStation,
        51..=85 => OutletKind::ServiceWorkstation,
        86..=95 => OutletKind::ProtectionAssistanceCenter,
        _ => OutletKind::PatentAgencyOffice,
    }
}

/// The `i`-th synthetic outlet: near a random county seat (within ~15 km).
pub fn outlet(
    seats: &[Seat],
    rng: &mut StdRng,
    seed: u64,
    i: u64,
) -> (String, OutletKind, Seat, LngLat) {
    let seat = &seats[rng.random_range(0..seats.len())];
    let (dx, dy): (f64, f64) = (rng.random_range(-0.15..0.15), rng.random_range(-0.12..0.12));
    let at = LngLat::new(
        (seat.at.lng() + dx).clamp(-180.0, 180.0),
        (seat.at.lat() + dy).clamp(-90.0, 90.0),
    )
    .expect("clamped");
    let id = Uuid::new_v5(
        &Uuid::NAMESPACE_OID,
        format!("ipr-synthetic/{seed}/{i}").as_bytes(),
    )
    .to_string();
    (id, kind(rng), seat.clone(), at)
}

fn row((id, kind, seat, at): (String, OutletKind, Seat, LngLat), i: u64) -> OutletRow {
    let now = Utc::now().naive_utc();
    OutletRow {
        id,
        name: format!("{}{}（合成{i}）", seat.name, kind.labels().0),
        name_en: None,
        kind: kind.as_str().into(),
        tier: "county".into(),
        region_code: seat.code,
        parent_id: None,
        address: format!("{}（合成数据）", seat.name),
        lng: at.lng(),
        lat: at.lat(),
        phones: "[]".into(),
        email: None,
        website: None,
        status: "normal".into(),
        status_note: None,
        note: Some("合成基准测试数据 / synthetic benchmark data".into()),
        verified_at: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

/// Inserts `n` synthetic outlets for `seed` (ids are deterministic, so a
/// second run with the same seed inserts nothing new), with a progress bar.
pub fn insert(conn: &mut DbConn, n: u64, seed: u64) -> anyhow::Result<u64> {
    let seats = county_seats()?;
    let mut rng = StdRng::seed_from_u64(seed);
    let bar = ProgressBar::new(n).with_style(ProgressStyle::with_template(
        "{bar:40} {pos}/{len} outlets ({per_sec}, {eta})",
    )?);
    let mut inserted = 0;
    let mut i = 0;
    while i < n {
        let chunk: Vec<OutletRow> = (i..(i + 1000).min(n))
            .map(|j| row(outlet(&seats, &mut rng, seed, j), j))
            .collect();
        inserted += write_transaction(conn, |conn| insert_batch(conn, &chunk))? as u64;
        if i % 20_000 == 0 {
            crate::db::checkpoint(conn)?;
        }
        i += chunk.len() as u64;
        bar.set_position(i);
    }
    bar.finish();
    Ok(inserted)
}

/// Multi-row insert, skipping ids already there (the combined backend has no
/// batch insert, so each concrete connection does it).
fn insert_batch(conn: &mut DbConn, rows: &[OutletRow]) -> diesel::QueryResult<usize> {
    match conn {
        DbConn::Sqlite(c) => diesel::insert_or_ignore_into(outlets::table)
            .values(rows)
            .execute(c),
        DbConn::Postgresql(c) => diesel::insert_into(outlets::table)
            .values(rows)
            .on_conflict_do_nothing()
            .execute(c),
    }
}
