//! Annual work plans: drafted whole by the office, read by everyone (they are
//! published documents), progressed milestone by milestone.

use chrono::{DateTime, NaiveDate, Utc};

use crate::db::plans::{self, NoteRow, PlanRows};
use crate::db::{self, write_transaction, DbConn};
use crate::directory::Directory;
use crate::domain::audit::{Change, Who};
use crate::domain::plans::{MilestoneStatus, Plan, PlanDraft};
use crate::error::{AppError, Resource};

/// Checks a draft, its units' outlets and regions included.
pub fn check(
    draft: &PlanDraft,
    dir: &Directory,
) -> Result<Vec<Vec<crate::domain::plans::Due>>, AppError> {
    let dues = draft
        .validate()
        .map_err(|e| AppError::invalid(e.field, e.reason))?;
    for t in &draft.tasks {
        for (field, u) in std::iter::once(("lead_unit", &t.lead_unit))
            .chain(t.supporting_units.iter().map(|u| ("supporting_units", u)))
        {
            dir.check_outlet(field, u.outlet_id.as_deref())?;
            dir.check_region(field, u.region_code.as_deref())?;
        }
    }
    Ok(dues)
}

/// Stores a new plan.
pub fn create(
    conn: &mut DbConn,
    plan: &Plan,
    (who, now): (&Who, DateTime<Utc>),
) -> Result<(), AppError> {
    let rows = PlanRows::of(plan, now.naive_utc())?;
    write_transaction(conn, |conn| {
        plans::insert(conn, &rows)?;
        let change = Change::new("plan.create", "work_plan", &plan.id)
            .after(serde_json::json!({ "year": plan.year, "title": plan.title }));
        db::audit::record(conn, who, &change, now.naive_utc())?;
        Ok(())
    })
}

/// One plan.
pub fn find(conn: &mut DbConn, id: &str) -> Result<Plan, AppError> {
    let rows = plans::find(conn, id)?.ok_or_else(|| AppError::not_found(Resource::WorkPlan, id))?;
    Ok(Plan::try_from(rows)?)
}

/// Progress on a milestone: a dated note and the status it sets (done on that day when `done`).
pub fn progress(
    conn: &mut DbConn,
    (plan_id, milestone_id): (&str, &str),
    (status, note, on): (MilestoneStatus, &str, NaiveDate),
    (who, now): (&Who, DateTime<Utc>),
) -> Result<Plan, AppError> {
    write_transaction(conn, |conn| {
        let plan = find(conn, plan_id)?;
        let found = plan
            .tasks
            .iter()
            .flat_map(|t| &t.milestones)
            .any(|m| m.id == milestone_id);
        if !found {
            return Err(AppError::not_found(Resource::Milestone, milestone_id));
        }
        let row = NoteRow {
            id: format!("pn-{}", uuid::Uuid::now_v7().simple()),
            milestone_id: milestone_id.into(),
            noted_on: on,
            status: status.as_str().into(),
            note: note.trim().into(),
            created_at: now.naive_utc(),
            created_by: who.key_id.clone().unwrap_or_default(),
        };
        plans::progress(conn, &row, (status == MilestoneStatus::Done).then_some(on))?;
        let change = Change::new("plan.progress", "work_plan", plan_id)
            .after(serde_json::json!({ "milestone_id": milestone_id, "status": status }));
        db::audit::record(conn, who, &change, now.naive_utc())?;
        find(conn, plan_id)
    })
}
