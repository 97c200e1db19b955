//! What the programme endpoints answer.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::http::dto::Location;
use crate::domain::coords::CoordSys;
use crate::domain::programmes::person::{Person, PersonDraft};
use crate::domain::programmes::target::Target;
use crate::domain::programmes::visit::{Assignment, FollowUp, Visit};
use crate::domain::programmes::vocab::{TargetLevel, TargetType, VisitMode, VisitTask};

/// A commissioner or envoy; contacts masked unless the reader is an operator
/// (every full view logged) or the person.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonDto {
    /// Id.
    #[schema(example = "pp-0193a1b2c3d47e8f9a0b1c2d3e4f5a6b")]
    pub id: String,
    /// The record as submitted and changed.
    #[serde(flatten)]
    pub draft: PersonDraft,
    /// When it was added.
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub updated_at: DateTime<Utc>,
    /// Send as `If-Match` to change it.
    pub version: i64,
}

impl From<Person> for PersonDto {
    fn from(p: Person) -> Self {
        Self {
            id: p.id,
            draft: p.draft,
            created_at: p.created_at,
            updated_at: p.updated_at,
            version: p.version,
        }
    }
}

/// A person named in another record: id and name only.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonRef {
    /// Id.
    pub id: String,
    /// Name.
    #[schema(example = "王晓明")]
    pub name: String,
    /// Employing unit.
    pub employer: String,
}

impl From<&Person> for PersonRef {
    fn from(p: &Person) -> Self {
        Self {
            id: p.id.clone(),
            name: p.draft.name.clone(),
            employer: p.draft.employer.clone(),
        }
    }
}

/// A service target the ticket's reporter speaks for, with its commissioners
/// in service today (the desk can hand the ticket to one of them).
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketTargetDto {
    /// The target.
    pub target_id: String,
    /// Its name.
    #[schema(example = "山西某某新材料科技有限公司")]
    pub name: String,
    /// Its credit code.
    pub credit_code: String,
    /// Its commissioners in service today.
    pub commissioners: Vec<PersonRef>,
}

impl TicketTargetDto {
    /// A target with its commissioners.
    pub fn new(t: Target, people: &[Person]) -> Self {
        Self {
            target_id: t.id,
            name: t.name,
            credit_code: t.credit_code.to_string(),
            commissioners: people.iter().map(PersonRef::from).collect(),
        }
    }
}

/// A service target (服务对象).
#[derive(Debug, Serialize, ToSchema)]
pub struct TargetDto {
    /// Id.
    #[schema(example = "st-0193a1b2c3d47e8f9a0b1c2d3e4f5a6b")]
    pub id: String,
    /// Registered name.
    #[schema(example = "山西某某新材料科技有限公司")]
    pub name: String,
    /// Unified social credit code.
    #[schema(example = "91350100M000100Y43")]
    pub credit_code: String,
    /// Kind of body.
    pub target_type: TargetType,
    /// Level.
    pub level: TargetLevel,
    /// Region it is in.
    pub region_code: String,
    /// Its site, in the requested `coord_sys`.
    pub location: Option<Location>,
    /// Who recruited it.
    pub recruited_by_region: String,
}

impl TargetDto {
    /// A target with its site in `sys`.
    pub fn new(t: Target, sys: CoordSys) -> Self {
        Self {
            id: t.id,
            name: t.name,
            credit_code: t.credit_code.to_string(),
            target_type: t.target_type,
            level: t.level,
            region_code: t.region_code,
            location: t.location.map(|p| Location::from_wgs84(p, sys)),
            recruited_by_region: t.recruited_by_region,
        }
    }
}

/// An assignment for one service cycle.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentDto {
    /// Id.
    #[schema(example = "pa-0193a1b2c3d47e8f9a0b1c2d3e4f5a6b")]
    pub id: String,
    /// The person.
    pub person_id: String,
    /// The target (commissioners).
    pub target_id: Option<String>,
    /// The region (envoys).
    pub region_code: Option<String>,
    /// First day of the cycle.
    #[schema(value_type = String, format = Date, example = "2026-01-01")]
    pub cycle_start: NaiveDate,
    /// Last day of the cycle.
    #[schema(value_type = String, format = Date, example = "2027-12-31")]
    pub cycle_end: NaiveDate,
    /// When it was ended (adjusted or early).
    #[schema(value_type = Option<String>, format = Date)]
    pub ended_on: Option<NaiveDate>,
    /// Why.
    pub end_reason: Option<String>,
}

impl From<Assignment> for AssignmentDto {
    fn from(a: Assignment) -> Self {
        Self {
            id: a.id,
            person_id: a.person_id,
            target_id: a.target_id,
            region_code: a.region_code,
            cycle_start: a.cycle_start,
            cycle_end: a.cycle_end,
            ended_on: a.ended_on,
            end_reason: a.end_reason,
        }
    }
}

/// A follow-up promised on a visit.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUpDto {
    /// Id.
    #[schema(example = "fu-0193a1b2c3d47e8f9a0b1c2d3e4f5a6b")]
    pub id: String,
    /// What was promised.
    pub description: String,
    /// By when.
    #[schema(value_type = String, format = Date, example = "2026-12-20")]
    pub due_on: NaiveDate,
    /// When it was done.
    #[schema(value_type = Option<String>, format = Date)]
    pub done_on: Option<NaiveDate>,
}

impl From<FollowUp> for FollowUpDto {
    fn from(f: FollowUp) -> Self {
        Self {
            id: f.id,
            description: f.description,
            due_on: f.due_on,
            done_on: f.done_on,
        }
    }
}

/// A logged visit.
#[derive(Debug, Serialize, ToSchema)]
pub struct VisitDto {
    /// Id.
    #[schema(example = "pv-0193a1b2c3d47e8f9a0b1c2d3e4f5a6b")]
    pub id: String,
    /// Who visited.
    pub person_id: String,
    /// The target (commissioners).
    pub target_id: Option<String>,
    /// The region (envoys).
    pub region_code: Option<String>,
    /// On site or remote.
    pub mode: VisitMode,
    /// The day.
    #[schema(value_type = String, format = Date, example = "2026-11-18")]
    pub visited_on: NaiveDate,
    /// Minutes.
    pub duration_minutes: u32,
    /// What it covered.
    pub tasks: Vec<VisitTask>,
    /// Notes.
    pub notes: String,
    /// Links to attachments.
    pub attachments: Vec<String>,
    /// Follow-ups promised.
    pub follow_ups: Vec<FollowUpDto>,
}

impl VisitDto {
    /// A visit with its follow-ups.
    pub fn new(v: Visit, follow_ups: Vec<FollowUp>) -> Self {
        Self {
            id: v.id,
            person_id: v.person_id,
            target_id: v.target_id,
            region_code: v.region_code,
            mode: v.mode,
            visited_on: v.visited_on,
            duration_minutes: v.duration_minutes,
            tasks: v.tasks,
            notes: v.notes,
            attachments: v.attachments,
            follow_ups: follow_ups.into_iter().map(Into::into).collect(),
        }
    }
}
