//! Rows of annual work plans: the plan, its tasks, milestones and progress notes.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{
    plan_milestones as m, plan_progress_notes as n, plan_tasks as t, work_plans as p,
};
use super::DbConn;
use crate::domain::plans::{Milestone, Plan, ProgressNote, Task};

/// A stored plan.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = p)]
pub struct PlanRow {
    pub id: String,
    pub year: i32,
    pub title: String,
    pub issuing_body: String,
    pub demonstration: bool,
    pub source: Option<String>,
    pub created_at: NaiveDateTime,
}

/// A stored task; units as JSON.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = t)]
pub struct TaskRow {
    pub id: String,
    pub plan_id: String,
    pub seq: i32,
    pub measure: String,
    pub goal: String,
    pub content: String,
    pub lead_unit: String,
    pub supporting_units: String,
}

/// A stored milestone.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = m)]
pub struct MilestoneRow {
    pub id: String,
    pub task_id: String,
    pub plan_id: String,
    pub seq: i32,
    pub description: String,
    pub due: String,
    pub due_on: NaiveDate,
    pub status: String,
    pub done_on: Option<NaiveDate>,
}

/// A stored progress note.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = n)]
pub struct NoteRow {
    pub id: String,
    pub milestone_id: String,
    pub noted_on: NaiveDate,
    pub status: String,
    pub note: String,
    pub created_at: NaiveDateTime,
    pub created_by: String,
}

/// A plan with everything under it.
#[derive(Debug, Clone)]
pub struct PlanRows {
    /// The plan.
    pub plan: PlanRow,
    /// Its tasks by order.
    pub tasks: Vec<TaskRow>,
    /// Its milestones by task and order.
    pub milestones: Vec<MilestoneRow>,
    /// Progress notes, oldest first.
    pub notes: Vec<NoteRow>,
}

/// Stores a new plan with its tasks and milestones.
pub fn insert(conn: &mut DbConn, rows: &PlanRows) -> QueryResult<()> {
    diesel::insert_into(p::table)
        .values(&rows.plan)
        .execute(conn)?;
    for row in &rows.tasks {
        diesel::insert_into(t::table).values(row).execute(conn)?;
    }
    for row in &rows.milestones {
        diesel::insert_into(m::table).values(row).execute(conn)?;
    }
    Ok(())
}

/// Plans, newest year first.
pub fn list(conn: &mut DbConn, year: Option<i32>) -> QueryResult<Vec<PlanRow>> {
    let mut q = p::table.select(PlanRow::as_select()).into_boxed();
    if let Some(y) = year {
        q = q.filter(p::year.eq(y));
    }
    q.order((p::year.desc(), p::id.asc())).load(conn)
}

/// One plan with its tasks, milestones and notes.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<PlanRows>> {
    let Some(plan) = (p::table.filter(p::id.eq(id)))
        .select(PlanRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let tasks = (t::table.filter(t::plan_id.eq(id)))
        .order(t::seq.asc())
        .select(TaskRow::as_select())
        .load(conn)?;
    let milestones: Vec<MilestoneRow> = (m::table.filter(m::plan_id.eq(id)))
        .order((m::task_id.asc(), m::seq.asc()))
        .select(MilestoneRow::as_select())
        .load(conn)?;
    let ids: Vec<&String> = milestones.iter().map(|x| &x.id).collect();
    let notes = (n::table.filter(n::milestone_id.eq_any(ids)))
        .order((n::created_at.asc(), n::id.asc()))
        .select(NoteRow::as_select())
        .load(conn)?;
    Ok(Some(PlanRows {
        plan,
        tasks,
        milestones,
        notes,
    }))
}

/// Records progress on a milestone: its new status (and day done) and the note.
pub fn progress(
    conn: &mut DbConn,
    note: &NoteRow,
    done_on: Option<NaiveDate>,
) -> QueryResult<usize> {
    let n_changed = diesel::update(m::table.filter(m::id.eq(&note.milestone_id)))
        .set((m::status.eq(&note.status), m::done_on.eq(done_on)))
        .execute(conn)?;
    diesel::insert_into(n::table).values(note).execute(conn)?;
    Ok(n_changed)
}

/// Whether any plan is stored.
pub fn is_empty(conn: &mut DbConn) -> QueryResult<bool> {
    let count: i64 = p::table.count().get_result(conn)?;
    Ok(count == 0)
}

impl PlanRows {
    /// The rows of a new plan.
    pub fn of(plan: &Plan, created_at: NaiveDateTime) -> anyhow::Result<Self> {
        let mut tasks = Vec::new();
        let mut milestones = Vec::new();
        for (i, t) in plan.tasks.iter().enumerate() {
            tasks.push(TaskRow {
                id: t.id.clone(),
                plan_id: plan.id.clone(),
                seq: i as i32 + 1,
                measure: t.measure.clone(),
                goal: t.goal.clone(),
                content: t.content.clone(),
                lead_unit: serde_json::to_string(&t.lead_unit)?,
                supporting_units: serde_json::to_string(&t.supporting_units)?,
            });
            for (j, m) in t.milestones.iter().enumerate() {
                milestones.push(MilestoneRow {
                    id: m.id.clone(),
                    task_id: t.id.clone(),
                    plan_id: plan.id.clone(),
                    seq: j as i32 + 1,
                    description: m.description.clone(),
                    due: m.due.to_string(),
                    due_on: m.due.last_day(),
                    status: m.status.as_str().into(),
                    done_on: m.done_on,
                });
            }
        }
        let row = PlanRow {
            id: plan.id.clone(),
            year: plan.year,
            title: plan.title.clone(),
            issuing_body: plan.issuing_body.clone(),
            demonstration: plan.demonstration,
            source: plan.source.clone(),
            created_at,
        };
        Ok(Self {
            plan: row,
            tasks,
            milestones,
            notes: Vec::new(),
        })
    }
}

impl TryFrom<PlanRows> for Plan {
    type Error = anyhow::Error;

    /// Converts a stored plan.
    fn try_from(rows: PlanRows) -> anyhow::Result<Plan> {
        let bad = |what: &str| anyhow::anyhow!("plan {}: bad {what}", rows.plan.id);
        let mut tasks = Vec::new();
        for t in &rows.tasks {
            let mut milestones = Vec::new();
            for m in rows.milestones.iter().filter(|m| m.task_id == t.id) {
                let notes = (rows.notes.iter().filter(|n| n.milestone_id == m.id))
                    .map(|n| {
                        Ok(ProgressNote {
                            noted_on: n.noted_on,
                            status: n.status.parse()?,
                            note: n.note.clone(),
                        })
                    })
                    .collect::<anyhow::Result<_>>()?;
                milestones.push(Milestone {
                    id: m.id.clone(),
                    description: m.description.clone(),
                    due: m.due.parse().map_err(|_| bad("due"))?,
                    status: m.status.parse()?,
                    done_on: m.done_on,
                    notes,
                });
            }
            tasks.push(Task {
                id: t.id.clone(),
                measure: t.measure.clone(),
                goal: t.goal.clone(),
                content: t.content.clone(),
                lead_unit: serde_json::from_str(&t.lead_unit)?,
                supporting_units: serde_json::from_str(&t.supporting_units)?,
                milestones,
            });
        }
        let p = rows.plan;
        Ok(Plan {
            id: p.id,
            year: p.year,
            title: p.title,
            issuing_body: p.issuing_body,
            demonstration: p.demonstration,
            source: p.source,
            tasks,
        })
    }
}
