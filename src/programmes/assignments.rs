//! Assignments per service cycle: one commissioner to many targets and many
//! commissioners to one target; one envoy to one region and back. Ending an
//! assignment (at the cycle's end, or early) keeps it as history.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::db::programmes::assignments::{self, AssignmentFilter, AssignmentRow};
use crate::db::programmes::{people, targets};
use crate::db::{self, write_transaction, DbConn};
use crate::domain::audit::{Change, Who};
use crate::domain::programmes::person::Person;
use crate::domain::programmes::visit::Assignment;
use crate::domain::programmes::vocab::{PersonRole, PoolStatus};
use crate::error::{AppError, Resource};

/// What to assign.
#[derive(Debug, Clone)]
pub struct NewAssignment {
    /// The person.
    pub person_id: String,
    /// A target (commissioners).
    pub target_id: Option<String>,
    /// A region (envoys), checked against the region tree by the caller.
    pub region_code: Option<String>,
    /// First day of the cycle.
    pub cycle_start: NaiveDate,
    /// Last day; default the day before the cycle's length has passed.
    pub cycle_end: Option<NaiveDate>,
}

/// The last day of a cycle of `years` starting on `start`.
pub fn cycle_end(start: NaiveDate, years: u32) -> NaiveDate {
    let end = start
        .with_year(start.year() + years as i32)
        .unwrap_or(start + chrono::Days::new(365 * years as u64));
    end.pred_opt().unwrap_or(end)
}

fn person(conn: &mut DbConn, id: &str) -> Result<Person, AppError> {
    let p = people::find(conn, id)?.ok_or_else(|| {
        AppError::rejected(
            "person_id",
            "人才库中没有此人",
            "no such person in the pool",
        )
    })?;
    if p.draft.pool_status != PoolStatus::Active {
        return Err(AppError::conflict(
            "只有在岗人员可以安排服务",
            "only an active person can be assigned (review, then set pool_status active)",
        ));
    }
    Ok(p)
}

/// Checks what the person's role needs and that nothing in force clashes.
fn check(
    conn: &mut DbConn,
    p: &Person,
    new: &NewAssignment,
    end: NaiveDate,
) -> Result<(), AppError> {
    let (role, target, region) = (p.draft.role, &new.target_id, &new.region_code);
    match role {
        PersonRole::Commissioner if target.is_none() || region.is_some() => {
            return Err(AppError::rejected(
                "target_id",
                "服务专员须指定服务对象",
                "a commissioner is assigned to a target_id",
            ));
        }
        PersonRole::Envoy if region.is_none() || target.is_some() => {
            return Err(AppError::rejected(
                "region_code",
                "特派员须指定服务区域",
                "an envoy is assigned to a region_code",
            ));
        }
        _ => {}
    }
    if let Some(t) = target {
        targets::find(conn, t)?.ok_or_else(|| {
            AppError::rejected("target_id", "服务对象不存在", "no such service target")
        })?;
    }
    let span = Some((new.cycle_start, end));
    let same = AssignmentFilter {
        person_id: Some(p.id.clone()),
        overlapping: span,
        ..Default::default()
    };
    let mine = assignments::list(conn, &same)?;
    let clash = match role {
        PersonRole::Commissioner => mine.iter().any(|a| a.target_id == *target),
        // One envoy, one region: neither may have another in force.
        PersonRole::Envoy => {
            let region_taken = AssignmentFilter {
                region_code: region.clone(),
                overlapping: span,
                ..Default::default()
            };
            mine.iter().any(|a| a.region_code.is_some())
                || !assignments::list(conn, &region_taken)?.is_empty()
        }
    };
    if clash {
        return Err(AppError::conflict(
            "该期间已有相同或冲突的服务关系（特派员与服务区域一一对应）",
            "an assignment in force clashes with this one (an envoy serves one region and a region has one envoy)",
        ));
    }
    Ok(())
}

/// Stores a new assignment.
pub fn assign(
    conn: &mut DbConn,
    new: NewAssignment,
    cycle_years: u32,
    (who, now): (&Who, DateTime<Utc>),
) -> Result<Assignment, AppError> {
    let end = new
        .cycle_end
        .unwrap_or_else(|| cycle_end(new.cycle_start, cycle_years));
    if end < new.cycle_start {
        return Err(AppError::rejected(
            "cycle_end",
            "不能早于周期开始日",
            "must not be before cycle_start",
        ));
    }
    write_transaction(conn, |conn| {
        let p = person(conn, &new.person_id)?;
        check(conn, &p, &new, end)?;
        let row = AssignmentRow {
            id: format!("pa-{}", uuid::Uuid::now_v7().simple()),
            person_id: new.person_id.clone(),
            target_id: new.target_id.clone(),
            region_code: new.region_code.clone(),
            cycle_start: new.cycle_start,
            cycle_end: end,
            ended_on: None,
            end_reason: None,
            created_at: now.naive_utc(),
        };
        assignments::insert(conn, &row)?;
        let change = Change::new("assignment.create", "assignment", &row.id)
            .after(serde_json::json!({ "person_id": row.person_id, "target_id": row.target_id, "region_code": row.region_code }));
        db::audit::record(conn, who, &change, now.naive_utc())?;
        Ok(row.into())
    })
}

/// Ends an assignment on a day with a reason (409 when it has ended already).
pub fn end(
    conn: &mut DbConn,
    id: &str,
    (on, reason): (NaiveDate, &str),
    (who, now): (&Who, DateTime<Utc>),
) -> Result<Assignment, AppError> {
    write_transaction(conn, |conn| {
        let a = assignments::find(conn, id)?
            .ok_or_else(|| AppError::not_found(Resource::Assignment, id))?;
        if on < a.cycle_start {
            return Err(AppError::rejected(
                "ended_on",
                "不能早于周期开始日",
                "must not be before the cycle's start",
            ));
        }
        if assignments::end(conn, id, (on, reason))? != 1 {
            return Err(AppError::conflict(
                "该服务关系已结束",
                "this assignment has ended already",
            ));
        }
        let change = Change::new("assignment.end", "assignment", id)
            .after(serde_json::json!({ "ended_on": on, "reason": reason }));
        db::audit::record(conn, who, &change, now.naive_utc())?;
        Ok(Assignment {
            ended_on: Some(on),
            end_reason: Some(reason.into()),
            ..a
        })
    })
}
