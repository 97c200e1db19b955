//! Outlet rows, their revisions and list queries.

use anyhow::Context;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::schema::{outlet_revisions, outlets};
use super::DbConn;
use crate::domain::outlet::Outlet;
use crate::domain::point::LngLat;

type Backend = <DbConn as diesel::Connection>::Backend;

/// A stored outlet; WGS-84 coordinates, phones as a JSON array.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = outlets, treat_none_as_null = true)]
pub struct OutletRow {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub kind: String,
    pub tier: String,
    pub region_code: String,
    pub parent_id: Option<String>,
    pub address: String,
    pub lng: f64,
    pub lat: f64,
    pub phones: String,
    pub email: Option<String>,
    pub website: Option<String>,
    pub status: String,
    pub status_note: Option<String>,
    pub note: Option<String>,
    pub verified_at: Option<NaiveDateTime>,
    #[diesel(deserialize_as = super::stored_time::StoredTime)]
    pub created_at: NaiveDateTime,
    #[diesel(deserialize_as = super::stored_time::StoredTime)]
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// One accepted write to an outlet.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = outlet_revisions)]
pub struct RevisionRow {
    pub outlet_id: String,
    pub version: i64,
    pub action: String,
    pub actor_key_id: Option<String>,
    pub changed_at: NaiveDateTime,
    pub snapshot: String,
}

/// Filters of an outlet list; every one that is set must hold.
#[derive(Debug, Default)]
pub struct ListFilter<'a> {
    pub kind: Option<&'a str>,
    pub tier: Option<&'a str>,
    /// Allowed statuses; empty means any.
    pub statuses: Vec<&'a str>,
    /// Region codes (a region and everything under it).
    pub region_codes: Option<Vec<&'a str>>,
    /// (west, south, east, north) in WGS-84.
    pub bbox: Option<[f64; 4]>,
    /// Only ids after this one.
    pub after_id: Option<&'a str>,
    /// Only these ids (from in-memory filters).
    pub ids: Option<Vec<&'a str>>,
    pub limit: i64,
}

/// Every outlet, for building the in-memory index.
pub fn load_all(conn: &mut DbConn) -> QueryResult<Vec<OutletRow>> {
    outlets::table.select(OutletRow::as_select()).load(conn)
}

/// The outlets, handed to `each` in chunks of up to `chunk` rows as they are
/// read, so a large table never sits in memory as rows. With `rowids`, only
/// the SQLite rows in `[from, to)`, read in table order.
pub fn read_in_chunks(
    conn: &mut DbConn,
    (chunk, rowids): (usize, Option<(i64, i64)>),
    each: impl FnMut(Vec<OutletRow>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    // Read through the memory map, every page of the table would stay in the
    // process's resident set for as long as the connection lives (256 MiB at
    // a million outlets), long after the rows became directory entries. Read
    // it through SQLite's page cache instead and map again afterwards.
    set_mmap(conn, 0)?;
    let read = read_rows(conn, (chunk, rowids), each);
    set_mmap(conn, super::pool::SQLITE_MMAP_BYTES)?;
    read
}

/// Sets how much of a SQLite file `conn` maps (nothing on PostgreSQL).
fn set_mmap(conn: &mut DbConn, bytes: i64) -> QueryResult<()> {
    use diesel::connection::SimpleConnection;
    match conn {
        DbConn::Sqlite(c) => c.batch_execute(&format!("PRAGMA mmap_size = {bytes}")),
        DbConn::Postgresql(_) => Ok(()),
    }
}

fn read_rows(
    conn: &mut DbConn,
    (chunk, rowids): (usize, Option<(i64, i64)>),
    mut each: impl FnMut(Vec<OutletRow>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    use diesel::sql_types::{BigInt, Bool};
    let mut query = outlets::table
        .select(OutletRow::as_select())
        .into_boxed::<Backend>();
    if let Some((from, to)) = rowids {
        query = query.filter(
            diesel::dsl::sql::<Bool>("rowid >= ")
                .bind::<BigInt, _>(from)
                .sql(" AND rowid < ")
                .bind::<BigInt, _>(to),
        );
    }
    let mut rows = Vec::with_capacity(chunk);
    for row in query.load_iter::<OutletRow, diesel::connection::DefaultLoadingMode>(conn)? {
        rows.push(row?);
        if rows.len() == chunk {
            each(std::mem::replace(&mut rows, Vec::with_capacity(chunk)))?;
        }
    }
    if rows.is_empty() {
        return Ok(());
    }
    each(rows)
}

/// Some `n` outlets spread over the table, to train the directory's symbol
/// table for texts on: on SQLite, 16 runs of rows at even steps through the
/// rowid span; on PostgreSQL (no rowids), the first `n` by id, which for
/// random ids is spread too.
pub fn sample(
    conn: &mut DbConn,
    n: usize,
    span: Option<(i64, i64)>,
) -> anyhow::Result<Vec<OutletRow>> {
    const RUNS: i64 = 16;
    let mut rows = Vec::with_capacity(n);
    let Some((low, high)) = span else {
        let query = outlets::table.select(OutletRow::as_select());
        return Ok(query.order(outlets::id).limit(n as i64).load(conn)?);
    };
    let (step, run) = ((high - low + 1) / RUNS, (n as i64 / RUNS).max(1));
    for k in 0..RUNS {
        let from = low + k * step;
        read_in_chunks(conn, (n, Some((from, from + run))), |part| {
            rows.extend(part);
            Ok(())
        })?;
    }
    Ok(rows)
}

/// How many outlets there are.
pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    outlets::table.count().get_result(conn)
}

/// The query of [`rowid_span`]. Two subqueries: SQLite reads a lone min()
/// or max() from the b-tree's end, but both in one query scan a whole index
/// (85 ms, and 100 MB of mapped pages left resident, at a million outlets).
pub const ROWID_SPAN: &str =
    "SELECT (SELECT min(rowid) FROM outlets) AS low, (SELECT max(rowid) FROM outlets) AS high";

/// The SQLite outlet table's lowest and highest rowid (`None` for both when
/// it is empty); `None` on PostgreSQL, whose tables have no rowid. Read from
/// the table's b-tree ends, without counting.
pub fn rowid_span(conn: &mut DbConn) -> QueryResult<Option<(Option<i64>, Option<i64>)>> {
    #[derive(QueryableByName)]
    struct Span {
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
        low: Option<i64>,
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
        high: Option<i64>,
    }
    if !matches!(conn, DbConn::Sqlite(_)) {
        return Ok(None);
    }
    let span: Span = diesel::sql_query(ROWID_SPAN).get_result(conn)?;
    Ok(Some((span.low, span.high)))
}

/// One outlet.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<OutletRow>> {
    outlets::table
        .find(id)
        .select(OutletRow::as_select())
        .first(conn)
        .optional()
}

/// Whether an outlet with this id exists.
pub fn exists(conn: &mut DbConn, id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(outlets::table.find(id))).get_result(conn)
}

/// A page of outlets ordered by id.
pub fn list(conn: &mut DbConn, f: &ListFilter<'_>) -> QueryResult<Vec<OutletRow>> {
    let mut query = outlets::table
        .select(OutletRow::as_select())
        .into_boxed::<Backend>();
    if let Some(kind) = f.kind {
        query = query.filter(outlets::kind.eq(kind));
    }
    if let Some(tier) = f.tier {
        query = query.filter(outlets::tier.eq(tier));
    }
    if !f.statuses.is_empty() {
        query = query.filter(outlets::status.eq_any(f.statuses.clone()));
    }
    if let Some(codes) = &f.region_codes {
        query = query.filter(outlets::region_code.eq_any(codes.clone()));
    }
    if let Some([west, south, east, north]) = f.bbox {
        query = query
            .filter(outlets::lng.between(west, east))
            .filter(outlets::lat.between(south, north));
    }
    if let Some(ids) = &f.ids {
        query = query.filter(outlets::id.eq_any(ids.clone()));
    }
    if let Some(after) = f.after_id {
        query = query.filter(outlets::id.gt(after));
    }
    query.order(outlets::id.asc()).limit(f.limit).load(conn)
}

/// Outlets registered in any of these regions, open or not.
pub fn in_regions(conn: &mut DbConn, codes: &[&str]) -> QueryResult<Vec<OutletRow>> {
    outlets::table
        .filter(outlets::region_code.eq_any(codes))
        .order(outlets::id.asc())
        .select(OutletRow::as_select())
        .load(conn)
}

/// Inserts a new outlet.
pub fn insert(conn: &mut DbConn, row: &OutletRow) -> QueryResult<usize> {
    diesel::insert_into(outlets::table)
        .values(row)
        .execute(conn)
}

/// Replaces an outlet if it is still at `expected_version`; returns rows changed (0 or 1).
pub fn update(conn: &mut DbConn, row: &OutletRow, expected_version: i64) -> QueryResult<usize> {
    diesel::update(
        outlets::table
            .find(&row.id)
            .filter(outlets::version.eq(expected_version)),
    )
    .set(row)
    .execute(conn)
}

/// Records a revision.
pub fn insert_revision(conn: &mut DbConn, revision: &RevisionRow) -> QueryResult<usize> {
    diesel::insert_into(outlet_revisions::table)
        .values(revision)
        .execute(conn)
}

/// An outlet's revisions, oldest first.
pub fn revisions(conn: &mut DbConn, id: &str) -> QueryResult<Vec<RevisionRow>> {
    outlet_revisions::table
        .filter(outlet_revisions::outlet_id.eq(id))
        .order(outlet_revisions::version.asc())
        .select(RevisionRow::as_select())
        .load(conn)
}

impl TryFrom<OutletRow> for Outlet {
    type Error = anyhow::Error;

    /// Converts a stored outlet.
    fn try_from(row: OutletRow) -> anyhow::Result<Outlet> {
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
}

impl From<&Outlet> for OutletRow {
    /// Converts an outlet for storage.
    fn from(o: &Outlet) -> OutletRow {
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
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}
