//! Region rows.

use std::str::FromStr;

use anyhow::Context;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::regions;
use super::DbConn;
use crate::domain::boundary::parse_multipolygon;
use crate::domain::point::LngLat;
use crate::domain::regions::Region;
use crate::domain::vocab::RegionLevel;

/// A stored region. Seat and boundary are WGS-84; the boundary is GeoJSON text.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = regions)]
pub struct RegionRow {
    pub code: String,
    pub name: String,
    pub level: String,
    pub category: Option<String>,
    pub parent_code: Option<String>,
    pub seat_lng: Option<f64>,
    pub seat_lat: Option<f64>,
    pub boundary: Option<String>,
    pub boundary_updated_at: Option<NaiveDateTime>,
}

/// Every region, parents before children (codes sort that way).
pub fn load_all(conn: &mut DbConn) -> QueryResult<Vec<RegionRow>> {
    regions::table
        .order(regions::code.asc())
        .select(RegionRow::as_select())
        .load(conn)
}

/// One region by code.
pub fn find(conn: &mut DbConn, code: &str) -> QueryResult<Option<RegionRow>> {
    regions::table
        .find(code)
        .select(RegionRow::as_select())
        .first(conn)
        .optional()
}

/// Codes already stored.
pub fn codes(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    regions::table.select(regions::code).load(conn)
}

/// Inserts new regions (callers skip existing codes).
pub fn insert(conn: &mut DbConn, rows: &[RegionRow]) -> QueryResult<usize> {
    let mut inserted = 0;
    // Row by row: the combined backend has no portable batch insert with defaults,
    // and inside one transaction this is fast enough for the ~3,300 seed rows.
    for row in rows {
        inserted += diesel::insert_into(regions::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(inserted)
}

/// Changes a region's name, category and seat (not its level, parent or boundary).
pub fn update_details(conn: &mut DbConn, row: &RegionRow) -> QueryResult<usize> {
    diesel::update(regions::table.find(&row.code))
        .set((
            regions::name.eq(&row.name),
            regions::category.eq(&row.category),
            regions::seat_lng.eq(row.seat_lng),
            regions::seat_lat.eq(row.seat_lat),
        ))
        .execute(conn)
}

/// Fills a seat that is still unknown.
pub fn set_seat_if_missing(
    conn: &mut DbConn,
    code: &str,
    lng: f64,
    lat: f64,
) -> QueryResult<usize> {
    diesel::update(
        regions::table
            .filter(regions::code.eq(code))
            .filter(regions::seat_lng.is_null()),
    )
    .set((regions::seat_lng.eq(lng), regions::seat_lat.eq(lat)))
    .execute(conn)
}

/// Stores (or with `None` clears) a boundary.
pub fn set_boundary(
    conn: &mut DbConn,
    code: &str,
    geojson: Option<&str>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(regions::table.find(code))
        .set((
            regions::boundary.eq(geojson),
            regions::boundary_updated_at.eq(at),
        ))
        .execute(conn)
}

impl TryFrom<RegionRow> for Region {
    type Error = anyhow::Error;

    /// Converts a stored region.
    fn try_from(row: RegionRow) -> anyhow::Result<Region> {
        let level = RegionLevel::from_str(&row.level)
            .with_context(|| format!("region {} level", row.code))?;
        let seat = match (row.seat_lng, row.seat_lat) {
            (Some(lng), Some(lat)) => {
                Some(LngLat::new(lng, lat).with_context(|| format!("region {} seat", row.code))?)
            }
            _ => None,
        };
        let boundary = match &row.boundary {
            Some(text) => Some(
                parse_multipolygon(text)
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
}
