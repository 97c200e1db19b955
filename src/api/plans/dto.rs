//! What the work-plan endpoints answer.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use crate::directory::Directory;
use crate::domain::plans::{Milestone, MilestoneStatus, Plan, Task, UnitRef};

/// A responsible unit with its name.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitDto {
    /// An outlet of the directory.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet_id: Option<String>,
    /// A region (its IP office).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region_code: Option<String>,
    /// The unit's name (the outlet's or region's when those are given).
    #[schema(example = "省知识产权局")]
    pub name: String,
}

impl UnitDto {
    /// A unit named from the directory.
    pub fn new(u: &UnitRef, dir: &Directory) -> Self {
        let name = match (&u.outlet_id, &u.region_code, &u.name) {
            (Some(o), _, _) => dir.outlets.get(o).map(|o| o.details().name().to_owned()),
            (_, Some(r), _) => dir.regions.get(r).map(|r| r.name.clone()),
            (_, _, n) => n.clone(),
        };
        Self {
            outlet_id: u.outlet_id.clone(),
            region_code: u.region_code.clone(),
            name: name.unwrap_or_default(),
        }
    }
}

/// A progress note.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoteDto {
    /// The day it reports on.
    #[schema(value_type = String, format = Date)]
    pub noted_on: NaiveDate,
    /// The status it set.
    pub status: MilestoneStatus,
    /// What was done.
    pub note: String,
}

/// A milestone (季度节点).
#[derive(Debug, Serialize, ToSchema)]
pub struct MilestoneDto {
    /// Id.
    #[schema(example = "pm-0193a1b2c3d47e8f9a0b1c2d3e4f5a6b")]
    pub id: String,
    /// What is to be reached.
    pub description: String,
    /// As given: `2014Q1`, `2014-03` or `2014-03-15`.
    #[schema(example = "2014Q1")]
    pub due: String,
    /// The last day it may be done on.
    #[schema(value_type = String, format = Date, example = "2014-03-31")]
    pub due_on: NaiveDate,
    /// Where it stands.
    pub status: MilestoneStatus,
    /// When it was done.
    #[schema(value_type = Option<String>, format = Date)]
    pub done_on: Option<NaiveDate>,
    /// Past due and not done today.
    pub overdue: bool,
    /// Progress notes, oldest first.
    pub notes: Vec<NoteDto>,
}

impl MilestoneDto {
    fn new(m: &Milestone, today: NaiveDate) -> Self {
        Self {
            id: m.id.clone(),
            description: m.description.clone(),
            due: m.due.to_string(),
            due_on: m.due.last_day(),
            status: m.status,
            done_on: m.done_on,
            overdue: m.overdue(today),
            notes: (m.notes.iter())
                .map(|n| NoteDto {
                    noted_on: n.noted_on,
                    status: n.status,
                    note: n.note.clone(),
                })
                .collect(),
        }
    }
}

/// A task (工作措施).
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskDto {
    /// Id.
    pub id: String,
    /// The measure.
    pub measure: String,
    /// The goal.
    pub goal: String,
    /// The content.
    pub content: String,
    /// The lead unit (牵头单位).
    pub lead_unit: UnitDto,
    /// Supporting units (配合单位).
    pub supporting_units: Vec<UnitDto>,
    /// Milestones in order.
    pub milestones: Vec<MilestoneDto>,
}

impl TaskDto {
    fn new(t: &Task, dir: &Directory, today: NaiveDate) -> Self {
        Self {
            id: t.id.clone(),
            measure: t.measure.clone(),
            goal: t.goal.clone(),
            content: t.content.clone(),
            lead_unit: UnitDto::new(&t.lead_unit, dir),
            supporting_units: t
                .supporting_units
                .iter()
                .map(|u| UnitDto::new(u, dir))
                .collect(),
            milestones: t
                .milestones
                .iter()
                .map(|m| MilestoneDto::new(m, today))
                .collect(),
        }
    }
}

/// An annual work plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanDto {
    /// Id.
    #[schema(example = "wp-zj-2014-patent")]
    pub id: String,
    /// The year.
    #[schema(example = 2014)]
    pub year: i32,
    /// The title.
    pub title: String,
    /// Who issued it.
    pub issuing_body: String,
    /// Demonstration data, not an issued plan.
    pub demonstration: bool,
    /// Where the text comes from.
    pub source: Option<String>,
    /// Tasks in order.
    pub tasks: Vec<TaskDto>,
}

impl PlanDto {
    /// A plan with units named from the directory, overdue as of `today`.
    pub fn new(p: &Plan, dir: &Directory, today: NaiveDate) -> Self {
        Self {
            id: p.id.clone(),
            year: p.year,
            title: p.title.clone(),
            issuing_body: p.issuing_body.clone(),
            demonstration: p.demonstration,
            source: p.source.clone(),
            tasks: p
                .tasks
                .iter()
                .map(|t| TaskDto::new(t, dir, today))
                .collect(),
        }
    }
}
