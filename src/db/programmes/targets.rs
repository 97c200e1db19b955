//! Rows of service targets (服务对象).

use anyhow::Context;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::service_targets as t;
use crate::db::DbConn;
use crate::domain::programmes::credit_code::CreditCode;
use crate::domain::programmes::target::Target;

/// A stored target.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = t)]
pub struct TargetRow {
    pub id: String,
    pub name: String,
    pub credit_code: String,
    pub target_type: String,
    pub level: String,
    pub region_code: String,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub recruited_by_region: String,
    pub created_at: NaiveDateTime,
}

impl From<&Target> for TargetRow {
    fn from(x: &Target) -> Self {
        Self {
            id: x.id.clone(),
            name: x.name.clone(),
            credit_code: x.credit_code.to_string(),
            target_type: x.target_type.as_str().into(),
            level: x.level.as_str().into(),
            region_code: x.region_code.clone(),
            lat: x.location.map(|p| p.lat()),
            lng: x.location.map(|p| p.lng()),
            recruited_by_region: x.recruited_by_region.clone(),
            created_at: x.created_at.naive_utc(),
        }
    }
}

impl TryFrom<TargetRow> for Target {
    type Error = anyhow::Error;

    fn try_from(r: TargetRow) -> anyhow::Result<Self> {
        let context = || format!("service target {}", r.id);
        let location = crate::db::stored_point(r.lng, r.lat).with_context(context)?;
        Ok(Target {
            credit_code: CreditCode::parse(&r.credit_code)
                .map_err(|e| anyhow::anyhow!("{:?}", e))
                .with_context(context)?,
            target_type: r.target_type.parse().with_context(context)?,
            level: r.level.parse().with_context(context)?,
            id: r.id,
            name: r.name,
            region_code: r.region_code,
            location,
            recruited_by_region: r.recruited_by_region,
            created_at: r.created_at.and_utc(),
        })
    }
}

fn convert(rows: Vec<TargetRow>) -> anyhow::Result<Vec<Target>> {
    rows.into_iter().map(Target::try_from).collect()
}

/// Stores a new target.
pub fn insert(conn: &mut DbConn, row: &TargetRow) -> QueryResult<usize> {
    diesel::insert_into(t::table).values(row).execute(conn)
}

/// One target.
pub fn find(conn: &mut DbConn, id: &str) -> anyhow::Result<Option<Target>> {
    let rows = t::table
        .filter(t::id.eq(id))
        .select(TargetRow::as_select())
        .load(conn)?;
    Ok(convert(rows)?.pop())
}

/// The target with this credit code.
pub fn by_credit_code(conn: &mut DbConn, code: &str) -> anyhow::Result<Option<Target>> {
    let rows = (t::table.filter(t::credit_code.eq(code)))
        .select(TargetRow::as_select())
        .load(conn)?;
    Ok(convert(rows)?.pop())
}

/// Targets registered under exactly this name.
pub fn by_name(conn: &mut DbConn, name: &str) -> anyhow::Result<Vec<Target>> {
    convert(
        t::table
            .filter(t::name.eq(name))
            .select(TargetRow::as_select())
            .load(conn)?,
    )
}

/// Targets with the given ids.
pub fn by_ids(conn: &mut DbConn, ids: &[String]) -> anyhow::Result<Vec<Target>> {
    convert(
        t::table
            .filter(t::id.eq_any(ids))
            .select(TargetRow::as_select())
            .load(conn)?,
    )
}

/// A page of targets by id, optionally of some regions and one type.
pub fn list(
    conn: &mut DbConn,
    (regions, target_type): (Option<&[String]>, Option<&str>),
    after_id: Option<&str>,
    limit: i64,
) -> anyhow::Result<Vec<Target>> {
    let mut q = t::table.select(TargetRow::as_select()).into_boxed();
    if let Some(r) = regions {
        q = q.filter(t::region_code.eq_any(r.to_vec()));
    }
    if let Some(v) = target_type {
        q = q.filter(t::target_type.eq(v.to_owned()));
    }
    if let Some(v) = after_id {
        q = q.filter(t::id.gt(v.to_owned()));
    }
    convert(q.order(t::id.asc()).limit(limit).load(conn)?)
}
