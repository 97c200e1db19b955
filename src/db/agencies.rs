//! Rows of the agency register and credit records; complaint counts from tickets.

use anyhow::Context;
use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;

use super::schema::{agencies as a, agency_records as r, tickets};
use super::DbConn;
use crate::domain::agencies::credit::CreditRecord;
use crate::domain::agencies::Agency;

/// A stored agency.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = a)]
pub struct AgencyRow {
    pub id: String,
    pub name: String,
    pub credit_code: String,
    pub region_code: String,
    pub status: String,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub content: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

impl AgencyRow {
    /// The row of an agency.
    pub fn of(x: &Agency, created_at: NaiveDateTime) -> anyhow::Result<Self> {
        Ok(Self {
            id: x.id.clone(),
            name: x.draft.name.trim().into(),
            credit_code: x.draft.credit_code.trim().into(),
            region_code: x.draft.region_code.clone(),
            status: x.draft.status.as_str().into(),
            lat: x.location.map(|p| p.lat()),
            lng: x.location.map(|p| p.lng()),
            content: serde_json::to_string(&x.draft)?,
            created_at,
            updated_at: x.updated_at.naive_utc(),
            version: x.version,
        })
    }
}

impl TryFrom<AgencyRow> for Agency {
    type Error = anyhow::Error;

    fn try_from(row: AgencyRow) -> anyhow::Result<Self> {
        let context = || format!("agency {}", row.id);
        let location = super::stored_point(row.lng, row.lat).with_context(context)?;
        Ok(Agency {
            draft: serde_json::from_str(&row.content).with_context(context)?,
            id: row.id,
            location,
            updated_at: row.updated_at.and_utc(),
            version: row.version,
        })
    }
}

fn convert(rows: Vec<AgencyRow>) -> anyhow::Result<Vec<Agency>> {
    rows.into_iter().map(Agency::try_from).collect()
}

/// Stores a new agency.
pub fn insert(conn: &mut DbConn, row: &AgencyRow) -> QueryResult<usize> {
    diesel::insert_into(a::table).values(row).execute(conn)
}

/// Replaces an agency if it still has `expected` version; 0 otherwise.
pub fn replace(conn: &mut DbConn, row: &AgencyRow, expected: i64) -> QueryResult<usize> {
    diesel::update(
        a::table
            .filter(a::id.eq(&row.id))
            .filter(a::version.eq(expected)),
    )
    .set((
        a::name.eq(&row.name),
        a::credit_code.eq(&row.credit_code),
        a::region_code.eq(&row.region_code),
        a::status.eq(&row.status),
        a::lat.eq(row.lat),
        a::lng.eq(row.lng),
        a::content.eq(&row.content),
        a::updated_at.eq(row.updated_at),
        a::version.eq(row.version),
    ))
    .execute(conn)
}

/// One agency by id.
pub fn find(conn: &mut DbConn, id: &str) -> anyhow::Result<Option<Agency>> {
    Ok(convert(
        a::table
            .filter(a::id.eq(id))
            .select(AgencyRow::as_select())
            .load(conn)?,
    )?
    .pop())
}

/// One agency by credit code.
pub fn by_credit_code(conn: &mut DbConn, code: &str) -> anyhow::Result<Option<Agency>> {
    Ok(convert(
        a::table
            .filter(a::credit_code.eq(code))
            .select(AgencyRow::as_select())
            .load(conn)?,
    )?
    .pop())
}

/// The whole register, by id.
pub fn all(conn: &mut DbConn) -> anyhow::Result<Vec<Agency>> {
    convert(
        a::table
            .order(a::id.asc())
            .select(AgencyRow::as_select())
            .load(conn)?,
    )
}

/// Stores a credit record.
pub fn insert_record(
    conn: &mut DbConn,
    (id, agency_id): (&str, &str),
    record: &CreditRecord,
    at: NaiveDateTime,
) -> anyhow::Result<()> {
    diesel::insert_into(r::table)
        .values((
            r::id.eq(id),
            r::agency_id.eq(agency_id),
            r::record_kind.eq(record.kind()),
            r::content.eq(serde_json::to_string(record)?),
            r::created_at.eq(at),
            r::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Replaces a credit record of an agency; 0 when it has no such record.
pub fn replace_record(
    conn: &mut DbConn,
    (id, agency_id): (&str, &str),
    record: &CreditRecord,
    at: NaiveDateTime,
) -> anyhow::Result<usize> {
    Ok(diesel::update(
        r::table
            .filter(r::id.eq(id))
            .filter(r::agency_id.eq(agency_id)),
    )
    .set((
        r::record_kind.eq(record.kind()),
        r::content.eq(serde_json::to_string(record)?),
        r::updated_at.eq(at),
    ))
    .execute(conn)?)
}

/// Credit records of some agencies (all when `None`): (id, agency id, record), oldest first.
pub fn records(
    conn: &mut DbConn,
    agency_ids: Option<&[String]>,
) -> anyhow::Result<Vec<(String, String, CreditRecord)>> {
    let mut q = r::table
        .select((r::id, r::agency_id, r::content))
        .into_boxed();
    if let Some(ids) = agency_ids {
        q = q.filter(r::agency_id.eq_any(ids.to_vec()));
    }
    let rows: Vec<(String, String, String)> =
        q.order((r::created_at.asc(), r::id.asc())).load(conn)?;
    rows.into_iter()
        .map(|(id, agency, text)| {
            let record =
                serde_json::from_str(&text).with_context(|| format!("credit record {id}"))?;
            Ok((id, agency, record))
        })
        .collect()
}

/// Tickets about an agency, counted by state.
pub fn complaints_by_state(conn: &mut DbConn, agency_id: &str) -> QueryResult<Vec<(String, i64)>> {
    tickets::table
        .filter(tickets::agency_id.eq(agency_id))
        .group_by(tickets::state)
        .select((tickets::state, count_star()))
        .order(tickets::state.asc())
        .load(conn)
}
