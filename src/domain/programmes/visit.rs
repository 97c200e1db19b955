//! Assignments and visits: the service archive (服务档案) is built from them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::vocab::{VisitMode, VisitTask};
use crate::domain::length::within;
use crate::domain::outlet::{fail, FieldError};

/// A person's assignment to a target (commissioners) or a region (envoys) for one cycle.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// `pa-…`.
    pub id: String,
    /// The person.
    pub person_id: String,
    /// The service target (commissioners).
    pub target_id: Option<String>,
    /// The service region (envoys).
    pub region_code: Option<String>,
    /// First day of the cycle.
    pub cycle_start: NaiveDate,
    /// Last day of the cycle.
    pub cycle_end: NaiveDate,
    /// When it was ended early or adjusted at the cycle's end.
    pub ended_on: Option<NaiveDate>,
    /// Why.
    pub end_reason: Option<String>,
}

impl Assignment {
    /// The last day it is in force.
    pub fn last_day(&self) -> NaiveDate {
        self.ended_on
            .map_or(self.cycle_end, |e| e.min(self.cycle_end))
    }

    /// Whether it is in force on `day`.
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.cycle_start <= day && day <= self.last_day()
    }

    /// Whether it is in force on any day from `from` to `to`.
    pub fn overlaps(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.cycle_start <= to && from <= self.last_day()
    }
}

/// A follow-up promised on a visit (后续事项).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpDraft {
    /// What is to be done.
    #[schema(example = "协助办理专利权质押登记", max_length = 500)]
    pub description: String,
    /// By when.
    #[schema(value_type = String, format = Date, example = "2026-12-20")]
    pub due_on: NaiveDate,
}

/// A visit as logged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VisitDraft {
    /// Who visited; commissioner and envoy keys may omit it (themselves).
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub person_id: Option<String>,
    /// The target visited (commissioners).
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub target_id: Option<String>,
    /// The region served (envoys).
    #[schema(pattern = "^[0-9]{6}(P[0-9]{2})?$")]
    pub region_code: Option<String>,
    /// `on_site` or `remote`.
    pub mode: VisitMode,
    /// The day of the visit (China time), not in the future.
    #[schema(value_type = String, format = Date, example = "2026-11-18")]
    pub visited_on: NaiveDate,
    /// How long, in minutes (1 to 1440).
    #[schema(example = 90, minimum = 1, maximum = 1440)]
    pub duration_minutes: u32,
    /// What it covered (at least one).
    pub tasks: Vec<VisitTask>,
    /// Notes.
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub notes: String,
    /// Follow-ups promised, with due dates.
    #[serde(default)]
    pub follow_ups: Vec<FollowUpDraft>,
    /// Links to attachments (https or http URLs).
    #[schema(schema_with = attachment_links)]
    #[serde(default)]
    pub attachments: Vec<String>,
}

/// A stored follow-up.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUp {
    /// `fu-…`.
    pub id: String,
    /// The visit it came from.
    pub visit_id: String,
    /// Whose it is.
    pub person_id: String,
    /// What was promised.
    pub description: String,
    /// By when.
    pub due_on: NaiveDate,
    /// When it was done.
    pub done_on: Option<NaiveDate>,
}

/// A stored visit.
#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    /// `pv-…`.
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
    pub visited_on: NaiveDate,
    /// Minutes.
    pub duration_minutes: u32,
    /// What it covered.
    pub tasks: Vec<VisitTask>,
    /// Notes.
    pub notes: String,
    /// Links.
    pub attachments: Vec<String>,
    /// When it was logged.
    pub created_at: DateTime<Utc>,
    /// The key that logged it.
    pub created_by: String,
}

impl VisitDraft {
    /// Checks what can be checked without the database.
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldError> {
        if self.target_id.is_some() == self.region_code.is_some() {
            return Err(fail(
                "target_id",
                "须给出服务对象（服务专员）或服务区域（特派员）之一",
                "give target_id (commissioners) or region_code (envoys), not both",
            ));
        }
        if self.visited_on > today {
            return Err(fail(
                "visited_on",
                "不能是将来的日期",
                "must not be in the future",
            ));
        }
        if !(1..=1440).contains(&self.duration_minutes) {
            return Err(fail(
                "duration_minutes",
                "须为 1 到 1440",
                "must be from 1 to 1440",
            ));
        }
        if self.tasks.is_empty() {
            return Err(fail("tasks", "至少一项服务内容", "at least one task"));
        }
        if self.notes.chars().count() > 5000 {
            return Err(fail("notes", "最多 5000 字", "at most 5,000 characters"));
        }
        self.check_follow_ups()?;
        self.check_attachments()
    }

    fn check_follow_ups(&self) -> Result<(), FieldError> {
        if self.follow_ups.len() > 20 {
            return Err(fail("follow_ups", "最多 20 项", "at most 20"));
        }
        for f in &self.follow_ups {
            if !within(&f.description, 1..=500) {
                return Err(fail(
                    "follow_ups",
                    "每项须为 1 到 500 个字符",
                    "each description must be 1 to 500 characters",
                ));
            }
            if f.due_on < self.visited_on {
                return Err(fail(
                    "follow_ups",
                    "到期日不能早于走访日期",
                    "a due date must not be before visited_on",
                ));
            }
        }
        Ok(())
    }

    fn check_attachments(&self) -> Result<(), FieldError> {
        let is_link = |a: &String| {
            url::Url::parse(a).is_ok_and(|u| matches!(u.scheme(), "https" | "http"))
                && a.len() <= 2000
        };
        if self.attachments.len() > 20 || !self.attachments.iter().all(is_link) {
            return Err(fail(
                "attachments",
                "最多 20 个 http(s) 链接",
                "at most 20 http(s) links",
            ));
        }
        Ok(())
    }
}

/// A visit's attachments: at most 20 links of at most 2,000 characters.
fn attachment_links() -> utoipa::openapi::schema::Array {
    crate::domain::length::text_list(
        20,
        2000,
        "Links to attachments: at most 20, https or http, each at most 2,000 characters.",
    )
}
