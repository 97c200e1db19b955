//! The service archive of a person for a period, and the evaluations based on
//! it (every two years for commissioners, every year for envoys), fed back to
//! the employing unit.

use chrono::{DateTime, Months, NaiveDate, Utc};

use super::access::Actor;
use crate::db::programmes::assignments::{self, AssignmentFilter};
use crate::db::programmes::evaluations::{self, EvaluationRow};
use crate::db::programmes::visits::{self, VisitFilter};
use crate::db::programmes::{handovers, people};
use crate::db::{self, write_transaction, DbConn};
use crate::domain::audit::{Change, Who};
use crate::domain::programmes::archive::{summarize, Archive};
use crate::domain::programmes::person::Person;
use crate::domain::programmes::visit::Assignment;
use crate::domain::programmes::vocab::{Grade, PersonRole};
use crate::error::{AppError, Resource};

/// What the archive of one person holds for a period.
#[derive(Debug, Clone)]
pub struct ArchiveView {
    /// The person.
    pub person: Person,
    /// The figures.
    pub archive: Archive,
    /// Hotline enquiries handed to the person in the period.
    pub enquiries_handled: u32,
    /// Assignments in force in the period.
    pub assignments: Vec<Assignment>,
    /// Evaluations made in the period.
    pub evaluations: Vec<EvaluationRow>,
    /// When the next evaluation is due.
    pub next_evaluation_due: Option<NaiveDate>,
}

/// Months between evaluations: 24 for commissioners, 12 for envoys.
pub fn evaluation_months(role: PersonRole) -> u32 {
    match role {
        PersonRole::Commissioner => 24,
        PersonRole::Envoy => 12,
    }
}

/// A person's archive for `[from, to]` as of `today` (their own, or any for the office).
pub fn archive(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    (from, to): (NaiveDate, NaiveDate),
    today: NaiveDate,
) -> Result<ArchiveView, AppError> {
    actor.check_reads(id)?;
    let person =
        people::find(conn, id)?.ok_or_else(|| AppError::not_found(Resource::Person, id))?;
    let filter = VisitFilter {
        person_id: Some(id.into()),
        from: Some(from),
        to: Some(to),
        ..Default::default()
    };
    let found = visits::list(conn, &filter, visits::ALL)?;
    let ups = visits::follow_ups(conn, id, (from, to))?;
    let instants = (
        from.and_time(chrono::NaiveTime::MIN),
        to.succ_opt().unwrap_or(to).and_time(chrono::NaiveTime::MIN),
    );
    let handed = handovers::of_person(conn, id, instants)?.len() as u32;
    let all = AssignmentFilter {
        person_id: Some(id.into()),
        ..Default::default()
    };
    let every = assignments::list(conn, &all)?;
    let evals = evaluations::list(conn, Some(&[id.to_owned()]), None)?;
    let months = Months::new(evaluation_months(person.draft.role));
    let since = evals
        .last()
        .map(|e| e.period_end)
        .or_else(|| every.iter().map(|a| a.cycle_start).min());
    Ok(ArchiveView {
        archive: summarize((from, to), today, &found, &ups),
        enquiries_handled: handed,
        assignments: every.into_iter().filter(|a| a.overlaps(from, to)).collect(),
        evaluations: evals
            .into_iter()
            .filter(|e| from <= e.evaluated_on && e.evaluated_on <= to)
            .collect(),
        next_evaluation_due: since.and_then(|d| d.checked_add_months(months)),
        person,
    })
}

/// An evaluation to record.
#[derive(Debug, Clone)]
pub struct NewEvaluation {
    /// The period evaluated.
    pub period: (NaiveDate, NaiveDate),
    /// The grade.
    pub grade: Grade,
    /// Comments fed back to the employing unit.
    pub comments: String,
    /// Who evaluated.
    pub evaluator: String,
    /// When.
    pub evaluated_on: NaiveDate,
}

/// Records an evaluation of a person.
pub fn evaluate(
    conn: &mut DbConn,
    id: &str,
    e: NewEvaluation,
    (who, now): (&Who, DateTime<Utc>),
) -> Result<EvaluationRow, AppError> {
    write_transaction(conn, |conn| {
        people::find(conn, id)?.ok_or_else(|| AppError::not_found(Resource::Person, id))?;
        let row = EvaluationRow {
            id: format!("pe-{}", uuid::Uuid::now_v7().simple()),
            person_id: id.into(),
            period_start: e.period.0,
            period_end: e.period.1,
            grade: e.grade.as_str().into(),
            comments: e.comments.trim().into(),
            evaluator: e.evaluator.trim().into(),
            evaluated_on: e.evaluated_on,
            created_at: now.naive_utc(),
        };
        evaluations::insert(conn, &row)?;
        let change = Change::new("person.evaluate", "person", id)
            .after(serde_json::json!({ "grade": row.grade, "period_end": row.period_end }));
        db::audit::record(conn, who, &change, now.naive_utc())?;
        Ok(row)
    })
}

/// Evaluations made in a span, each with its person, optionally of one employing unit.
pub fn evaluations_of(
    conn: &mut DbConn,
    employer: Option<&str>,
    span: (NaiveDate, NaiveDate),
) -> Result<Vec<(EvaluationRow, Person)>, AppError> {
    let rows = evaluations::list(conn, None, Some(span))?;
    let ids: Vec<String> = rows.iter().map(|r| r.person_id.clone()).collect();
    let found = people::by_ids(conn, &ids)?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let p = found.iter().find(|p| p.id == r.person_id)?.clone();
            employer
                .is_none_or(|e| p.draft.employer == e)
                .then_some((r, p))
        })
        .collect())
}
