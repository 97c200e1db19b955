//! A ticket's clocks and history entries as the API shows them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::calendar::DayKind;
use crate::domain::clocks::{Clock, Timer, WarningLevel};
use crate::domain::ticket::Event;
use crate::domain::vocab::Confidence;

/// One statutory clock of a ticket.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClockDto {
    /// Which clock.
    pub timer: Timer,
    /// Length.
    pub days: u32,
    /// Working or calendar days.
    pub day_kind: DayKind,
    /// The law or local rule.
    pub source: String,
    /// How sure the source is.
    pub confidence: Confidence,
    /// When it started.
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub started_at: DateTime<Utc>,
    /// When it stopped, if it did.
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize_opt")]
    #[schema(value_type = Option<String>, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub stopped_at: Option<DateTime<Utc>>,
    /// Days added by granted extensions.
    pub extension_days: u32,
    /// Days spent paused, excluded from the period.
    pub paused_days: u32,
    /// Last day of the period; `null` only when a year on the way has no
    /// calendar at all (before 2025).
    pub due: Option<NaiveDate>,
    /// True when the period runs into a year whose holiday arrangement is not
    /// published yet and was counted on its statutory holidays only; the date
    /// may move when the year is published.
    pub provisional: bool,
    /// For running clocks: `due_soon` or `overdue`.
    pub level: Option<WarningLevel>,
    /// For stopped clocks: whether they stopped in time.
    pub met: Option<bool>,
}

impl From<&Clock> for ClockDto {
    fn from(c: &Clock) -> Self {
        Self {
            timer: c.timer,
            days: c.rule.days,
            day_kind: c.rule.day_kind,
            source: c.rule.source.clone(),
            confidence: c.rule.confidence,
            started_at: c.started_at,
            stopped_at: c.stopped_at,
            extension_days: c.extension_days,
            paused_days: c.paused_days,
            due: c.due.ok(),
            provisional: c.provisional,
            level: c.level,
            met: c.met,
        }
    }
}

/// One entry of a ticket's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventDto {
    /// When it took effect.
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub at: DateTime<Utc>,
    /// When it was recorded.
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub recorded_at: DateTime<Utc>,
    /// What happened.
    pub action: String,
    /// State before.
    pub from_state: Option<String>,
    /// State after.
    pub to_state: String,
    /// `public`, `system`, or the role of the key used.
    pub actor_role: String,
    /// The key used.
    pub actor_key_id: Option<String>,
    /// Outlet assigned or escalated to.
    pub outlet_id: Option<String>,
    /// Reason or remark (internal).
    pub note: Option<String>,
    /// What the citizen is shown of this step.
    pub public_note: Option<String>,
    /// Days of an extension.
    pub days: Option<i32>,
    /// Satisfaction given at callback.
    pub satisfaction: Option<i32>,
}

impl From<Event> for EventDto {
    fn from(e: Event) -> Self {
        Self {
            at: e.at,
            recorded_at: e.recorded_at,
            action: e.action.as_str().into(),
            from_state: e.from_state.map(|s| s.as_str().into()),
            to_state: e.to_state.as_str().into(),
            actor_role: e.actor_role,
            actor_key_id: e.actor_key_id,
            outlet_id: e.outlet_id,
            note: e.note,
            public_note: e.public_note,
            days: e.days.map(|d| d as i32),
            satisfaction: e.satisfaction.map(i32::from),
        }
    }
}
