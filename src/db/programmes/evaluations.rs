//! Rows of evaluations of commissioners and envoys.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::programme_evaluations as e;
use crate::db::DbConn;

/// A stored evaluation.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = e)]
pub struct EvaluationRow {
    pub id: String,
    pub person_id: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub grade: String,
    pub comments: String,
    pub evaluator: String,
    pub evaluated_on: NaiveDate,
    pub created_at: NaiveDateTime,
}

/// Stores an evaluation.
pub fn insert(conn: &mut DbConn, row: &EvaluationRow) -> QueryResult<usize> {
    diesel::insert_into(e::table).values(row).execute(conn)
}

/// Evaluations of some people (all when `None`) made from `from` to `to`
/// (any day when `None`), by day.
pub fn list(
    conn: &mut DbConn,
    people: Option<&[String]>,
    span: Option<(NaiveDate, NaiveDate)>,
) -> QueryResult<Vec<EvaluationRow>> {
    let mut q = e::table.select(EvaluationRow::as_select()).into_boxed();
    if let Some((from, to)) = span {
        q = q.filter(e::evaluated_on.ge(from).and(e::evaluated_on.le(to)));
    }
    if let Some(ids) = people {
        q = q.filter(e::person_id.eq_any(ids.to_vec()));
    }
    q.order((e::evaluated_on.asc(), e::id.asc())).load(conn)
}
