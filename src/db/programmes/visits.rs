//! Rows of visits and their follow-ups; tasks and attachments as JSON arrays.

use anyhow::Context;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{programme_visits as v, visit_follow_ups as f};
use crate::db::DbConn;
use crate::domain::programmes::visit::{FollowUp, Visit};

/// A stored visit.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = v)]
pub struct VisitRow {
    pub id: String,
    pub person_id: String,
    pub target_id: Option<String>,
    pub region_code: Option<String>,
    pub mode: String,
    pub visited_on: NaiveDate,
    pub duration_minutes: i32,
    pub tasks: String,
    pub notes: String,
    pub attachments: String,
    pub created_at: NaiveDateTime,
    pub created_by: String,
}

/// A stored follow-up.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = f)]
pub struct FollowUpRow {
    pub id: String,
    pub visit_id: String,
    pub person_id: String,
    pub description: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

impl VisitRow {
    /// The row of a visit.
    pub fn of(x: &Visit) -> anyhow::Result<Self> {
        Ok(Self {
            id: x.id.clone(),
            person_id: x.person_id.clone(),
            target_id: x.target_id.clone(),
            region_code: x.region_code.clone(),
            mode: x.mode.as_str().into(),
            visited_on: x.visited_on,
            duration_minutes: x.duration_minutes as i32,
            tasks: serde_json::to_string(&x.tasks)?,
            notes: x.notes.clone(),
            attachments: serde_json::to_string(&x.attachments)?,
            created_at: x.created_at.naive_utc(),
            created_by: x.created_by.clone(),
        })
    }
}

impl TryFrom<VisitRow> for Visit {
    type Error = anyhow::Error;

    fn try_from(r: VisitRow) -> anyhow::Result<Self> {
        let context = || format!("visit {}", r.id);
        Ok(Visit {
            mode: r.mode.parse().with_context(context)?,
            tasks: serde_json::from_str(&r.tasks).with_context(context)?,
            attachments: serde_json::from_str(&r.attachments).with_context(context)?,
            duration_minutes: u32::try_from(r.duration_minutes).with_context(context)?,
            id: r.id,
            person_id: r.person_id,
            target_id: r.target_id,
            region_code: r.region_code,
            visited_on: r.visited_on,
            notes: r.notes,
            created_at: r.created_at.and_utc(),
            created_by: r.created_by,
        })
    }
}

impl From<&FollowUp> for FollowUpRow {
    fn from(x: &FollowUp) -> Self {
        Self {
            id: x.id.clone(),
            visit_id: x.visit_id.clone(),
            person_id: x.person_id.clone(),
            description: x.description.clone(),
            due_on: x.due_on,
            done_on: x.done_on,
        }
    }
}

impl From<FollowUpRow> for FollowUp {
    fn from(r: FollowUpRow) -> Self {
        FollowUp {
            id: r.id,
            visit_id: r.visit_id,
            person_id: r.person_id,
            description: r.description,
            due_on: r.due_on,
            done_on: r.done_on,
        }
    }
}

/// Stores a visit with its follow-ups.
pub fn insert(conn: &mut DbConn, visit: &VisitRow, follow_ups: &[FollowUpRow]) -> QueryResult<()> {
    diesel::insert_into(v::table).values(visit).execute(conn)?;
    for row in follow_ups {
        diesel::insert_into(f::table).values(row).execute(conn)?;
    }
    Ok(())
}

/// A bound for reads of every visit in a span (a year of a national
/// programme is well below it); pages use smaller limits.
pub const ALL: i64 = 1_000_000;

/// Which visits to read; all filters optional.
#[derive(Debug, Clone, Default)]
pub struct VisitFilter {
    /// By this person.
    pub person_id: Option<String>,
    /// To this target.
    pub target_id: Option<String>,
    /// To this region.
    pub region_code: Option<String>,
    /// On or after.
    pub from: Option<NaiveDate>,
    /// On or before.
    pub to: Option<NaiveDate>,
}

/// Visits by day, then id.
pub fn list(conn: &mut DbConn, q: &VisitFilter, limit: i64) -> anyhow::Result<Vec<Visit>> {
    let mut s = v::table.select(VisitRow::as_select()).into_boxed();
    if let Some(x) = &q.person_id {
        s = s.filter(v::person_id.eq(x.clone()));
    }
    if let Some(x) = &q.target_id {
        s = s.filter(v::target_id.eq(x.clone()));
    }
    if let Some(x) = &q.region_code {
        s = s.filter(v::region_code.eq(x.clone()));
    }
    if let Some(x) = q.from {
        s = s.filter(v::visited_on.ge(x));
    }
    if let Some(x) = q.to {
        s = s.filter(v::visited_on.le(x));
    }
    let rows = s
        .order((v::visited_on.asc(), v::id.asc()))
        .limit(limit)
        .load(conn)?;
    rows.into_iter().map(Visit::try_from).collect()
}

/// A person's follow-ups due from `from` to `to`.
pub fn follow_ups(
    conn: &mut DbConn,
    person_id: &str,
    (from, to): (NaiveDate, NaiveDate),
) -> QueryResult<Vec<FollowUp>> {
    let rows = (f::table.filter(f::person_id.eq(person_id)))
        .filter(f::due_on.ge(from).and(f::due_on.le(to)))
        .order((f::due_on.asc(), f::id.asc()))
        .select(FollowUpRow::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// The follow-ups of some visits.
pub fn follow_ups_of(conn: &mut DbConn, visit_ids: &[String]) -> QueryResult<Vec<FollowUp>> {
    let rows = (f::table.filter(f::visit_id.eq_any(visit_ids)))
        .order((f::due_on.asc(), f::id.asc()))
        .select(FollowUpRow::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// One follow-up.
pub fn follow_up(conn: &mut DbConn, id: &str) -> QueryResult<Option<FollowUp>> {
    let row = (f::table.filter(f::id.eq(id)))
        .select(FollowUpRow::as_select())
        .first(conn)
        .optional()?;
    Ok(row.map(Into::into))
}

/// Marks a follow-up done on a day.
pub fn close_follow_up(conn: &mut DbConn, id: &str, on: NaiveDate) -> QueryResult<usize> {
    diesel::update(f::table.filter(f::id.eq(id)))
        .set(f::done_on.eq(on))
        .execute(conn)
}
