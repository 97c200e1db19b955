//! Clock rules and the competence matrix, stored as rows with `*` for "any".

use diesel::prelude::*;

use super::schema::{clock_rules, competence_rules};
use super::DbConn;

/// A stored clock rule.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = clock_rules)]
pub struct ClockRuleRow {
    pub kind: String,
    pub category: String,
    pub timer: String,
    pub days: i32,
    pub day_kind: String,
    pub source: String,
    pub confidence: String,
}

/// A stored competence rule.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = competence_rules)]
pub struct CompetenceRow {
    pub kind: String,
    pub category: String,
    pub outlet_kind: String,
    pub priority: i32,
}

/// Every clock rule.
pub fn clock_rules(conn: &mut DbConn) -> QueryResult<Vec<ClockRuleRow>> {
    clock_rules::table
        .select(ClockRuleRow::as_select())
        .order((clock_rules::kind, clock_rules::timer, clock_rules::category))
        .load(conn)
}

/// Replaces every clock rule.
pub fn replace_clock_rules(conn: &mut DbConn, rows: &[ClockRuleRow]) -> QueryResult<()> {
    diesel::delete(clock_rules::table).execute(conn)?;
    for row in rows {
        diesel::insert_into(clock_rules::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// Every competence rule.
pub fn competence(conn: &mut DbConn) -> QueryResult<Vec<CompetenceRow>> {
    competence_rules::table
        .select(CompetenceRow::as_select())
        .order((
            competence_rules::kind,
            competence_rules::category,
            competence_rules::priority,
        ))
        .load(conn)
}

/// Replaces the competence matrix.
pub fn replace_competence(conn: &mut DbConn, rows: &[CompetenceRow]) -> QueryResult<()> {
    diesel::delete(competence_rules::table).execute(conn)?;
    for row in rows {
        diesel::insert_into(competence_rules::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}
