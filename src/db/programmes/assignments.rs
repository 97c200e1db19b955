//! Rows of assignments: a person to a target or region for one service cycle.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::programme_assignments as a;
use crate::db::DbConn;
use crate::domain::programmes::visit::Assignment;

/// A stored assignment.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = a)]
pub struct AssignmentRow {
    pub id: String,
    pub person_id: String,
    pub target_id: Option<String>,
    pub region_code: Option<String>,
    pub cycle_start: NaiveDate,
    pub cycle_end: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
    pub created_at: NaiveDateTime,
}

impl From<AssignmentRow> for Assignment {
    fn from(r: AssignmentRow) -> Self {
        Assignment {
            id: r.id,
            person_id: r.person_id,
            target_id: r.target_id,
            region_code: r.region_code,
            cycle_start: r.cycle_start,
            cycle_end: r.cycle_end,
            ended_on: r.ended_on,
            end_reason: r.end_reason,
        }
    }
}

/// Stores a new assignment.
pub fn insert(conn: &mut DbConn, row: &AssignmentRow) -> QueryResult<usize> {
    diesel::insert_into(a::table).values(row).execute(conn)
}

/// Ends an assignment that has not ended; 0 when there is none.
pub fn end(conn: &mut DbConn, id: &str, (on, reason): (NaiveDate, &str)) -> QueryResult<usize> {
    diesel::update(a::table.filter(a::id.eq(id)).filter(a::ended_on.is_null()))
        .set((a::ended_on.eq(on), a::end_reason.eq(reason)))
        .execute(conn)
}

/// One assignment.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<Assignment>> {
    let row = (a::table.filter(a::id.eq(id)))
        .select(AssignmentRow::as_select())
        .first(conn)
        .optional()?;
    Ok(row.map(Into::into))
}

/// Which assignments to read; all filters optional.
#[derive(Debug, Clone, Default)]
pub struct AssignmentFilter {
    /// Of this person.
    pub person_id: Option<String>,
    /// To this target.
    pub target_id: Option<String>,
    /// To this region.
    pub region_code: Option<String>,
    /// In force on some day from .0 to .1 (ended ones included when they overlap).
    pub overlapping: Option<(NaiveDate, NaiveDate)>,
    /// Only commissioners' (true) or envoys' (false).
    pub to_targets: Option<bool>,
}

/// Assignments, oldest first.
pub fn list(conn: &mut DbConn, f: &AssignmentFilter) -> QueryResult<Vec<Assignment>> {
    let mut q = a::table.select(AssignmentRow::as_select()).into_boxed();
    if let Some(v) = &f.person_id {
        q = q.filter(a::person_id.eq(v.clone()));
    }
    if let Some(v) = &f.target_id {
        q = q.filter(a::target_id.eq(v.clone()));
    }
    if let Some(v) = &f.region_code {
        q = q.filter(a::region_code.eq(v.clone()));
    }
    if let Some((from, to)) = f.overlapping {
        // The end-date test happens below, since ended_on may cut the cycle short.
        q = q
            .filter(a::cycle_start.le(to))
            .filter(a::cycle_end.ge(from));
    }
    match f.to_targets {
        Some(true) => q = q.filter(a::target_id.is_not_null()),
        Some(false) => q = q.filter(a::region_code.is_not_null()),
        None => {}
    }
    let rows = q.order((a::created_at.asc(), a::id.asc())).load(conn)?;
    let all = rows.into_iter().map(Assignment::from);
    Ok(match f.overlapping {
        Some((from, to)) => all.filter(|x| x.overlaps(from, to)).collect(),
        None => all.collect(),
    })
}
