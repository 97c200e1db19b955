//! Statutory clocks of a ticket (法定时限), computed from its history on every
//! read, so that calendar corrections and late-recorded actions apply at once.
//!
//! - acceptance: from receipt until 签收 (or a direct answer / close);
//! - objection: from 派单 until 签收 or 退单 (the window for returning a mis-routed ticket);
//! - handling: from 签收 (or 重办) until 答复, minus pauses, plus granted extensions;
//! - callback: from 答复 until 回访.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::calendar::{local_date, DayKind, Reckoned, WorkCalendar, YearNotPublished};
use super::ticket::{TicketAction, TicketCategory, TicketKind};
use super::vocab::Confidence;
use crate::vocabulary;

vocabulary! {
    /// A named clock of a ticket.
    Timer {
        /// 受理时限.
        Acceptance => ("受理时限", "Acceptance"),
        /// 办理时限.
        Handling => ("办理时限", "Handling"),
        /// 异议（退单）时限.
        Objection => ("退单时限", "Objection"),
        /// 回访时限.
        Callback => ("回访时限", "Callback"),
    }
}

vocabulary! {
    /// How close a running clock is to its limit.
    WarningLevel {
        /// Due today or on the next working day.
        DueSoon => ("即将到期", "Due soon"),
        /// Past its due date.
        Overdue => ("已超期", "Overdue"),
    }
}

/// How long one timer runs for tickets of a kind (and optionally a category).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClockRule {
    /// Ticket kind the rule applies to.
    pub kind: TicketKind,
    /// Category, or `null` for every category (a category rule wins).
    pub category: Option<TicketCategory>,
    /// Which clock.
    pub timer: Timer,
    /// Length, 1 to 365.
    #[schema(example = 7, minimum = 1, maximum = 365)]
    pub days: u32,
    /// Working or calendar days.
    pub day_kind: DayKind,
    /// The law or local rule it comes from, 1 to 500 characters.
    #[schema(max_length = 500)]
    pub source: String,
    /// How sure the source is; `unverified` rules are configuration, not law.
    pub confidence: Confidence,
}

/// The part of a history entry the clocks read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClockEvent {
    /// When it took effect.
    pub at: DateTime<Utc>,
    /// What happened.
    pub action: TicketAction,
    /// Days granted, for extensions.
    pub days: Option<u32>,
}

/// One clock as of `now`.
#[derive(Debug, Clone, PartialEq)]
pub struct Clock {
    pub timer: Timer,
    pub rule: ClockRule,
    pub started_at: DateTime<Utc>,
    pub stopped_at: Option<DateTime<Utc>>,
    /// Days added by granted extensions.
    pub extension_days: u32,
    /// Days (of the rule's kind) spent paused, excluded from the period.
    pub paused_days: u32,
    /// Last day of the period; `Err` only when a year on the way has neither a
    /// published nor a provisional calendar (before 2025).
    pub due: Result<NaiveDate, YearNotPublished>,
    /// Whether a year not yet published went into the due date (its
    /// statutory holidays counted, its make-up days unknown).
    pub provisional: bool,
    /// For running clocks: due soon or overdue.
    pub level: Option<WarningLevel>,
    /// For stopped clocks: whether they stopped in time.
    pub met: Option<bool>,
}

/// The rule for a timer: the category-specific one, else the kind-wide one.
pub fn rule_for(
    rules: &[ClockRule],
    kind: TicketKind,
    category: TicketCategory,
    timer: Timer,
) -> Option<&ClockRule> {
    let of_kind = |r: &&ClockRule| r.kind == kind && r.timer == timer;
    rules
        .iter()
        .filter(of_kind)
        .find(|r| r.category == Some(category))
        .or_else(|| rules.iter().filter(of_kind).find(|r| r.category.is_none()))
}

fn span(
    timer: Timer,
    received_at: DateTime<Utc>,
    events: &[ClockEvent],
) -> Option<(DateTime<Utc>, usize, &'static [TicketAction])> {
    use TicketAction as A;
    let last = |actions: &[TicketAction]| events.iter().rposition(|e| actions.contains(&e.action));
    match timer {
        Timer::Acceptance => Some((received_at, 0, &[A::Accept, A::Answer, A::Close, A::Merge])),
        Timer::Objection => last(&[A::Assign, A::Reassign]).map(|i| {
            (
                events[i].at,
                i + 1,
                &[
                    A::Accept,
                    A::Return,
                    A::Reassign,
                    A::Answer,
                    A::Close,
                    A::Merge,
                ][..],
            )
        }),
        Timer::Handling => last(&[A::Accept, A::Reopen]).map(|i| {
            (
                events[i].at,
                i + 1,
                &[A::Reply, A::Reassign, A::Answer, A::Close, A::Merge][..],
            )
        }),
        Timer::Callback => last(&[A::Reply]).map(|i| {
            (
                events[i].at,
                i + 1,
                &[A::Callback, A::Reopen, A::Close, A::Merge][..],
            )
        }),
    }
}

/// Working (or calendar) days from `a` to `b`, by local date.
fn days_between(
    cal: &WorkCalendar,
    kind: DayKind,
    a: DateTime<Utc>,
    b: DateTime<Utc>,
) -> Result<Reckoned<u32>, YearNotPublished> {
    match kind {
        DayKind::Working => cal.working_days_between(local_date(a), local_date(b)),
        DayKind::Calendar => Ok(Reckoned {
            value: (local_date(b) - local_date(a)).num_days().max(0) as u32,
            provisional: false,
        }),
    }
}

/// The total of several counts, provisional if any is.
fn total(
    mut counts: impl Iterator<Item = Result<Reckoned<u32>, YearNotPublished>>,
) -> Result<Reckoned<u32>, YearNotPublished> {
    counts.try_fold(
        Reckoned {
            value: 0,
            provisional: false,
        },
        |acc, next| {
            let next = next?;
            Ok(Reckoned {
                value: acc.value + next.value,
                provisional: acc.provisional || next.provisional,
            })
        },
    )
}

/// Every clock that has started, as of `now`.
pub fn compute(
    rules: &[ClockRule],
    (kind, category): (TicketKind, TicketCategory),
    received_at: DateTime<Utc>,
    events: &[ClockEvent],
    cal: &WorkCalendar,
    now: DateTime<Utc>,
) -> Vec<Clock> {
    [
        Timer::Acceptance,
        Timer::Objection,
        Timer::Handling,
        Timer::Callback,
    ]
    .into_iter()
    .filter_map(|timer| {
        let rule = rule_for(rules, kind, category, timer)?.clone();
        let (started_at, from, stops) = span(timer, received_at, events)?;
        let after = &events[from..];
        let stopped_at = after
            .iter()
            .find(|e| stops.contains(&e.action))
            .map(|e| e.at);
        let until = stopped_at.unwrap_or(now);
        let (extension_days, paused) = if timer == Timer::Handling {
            adjustments(after, until)
        } else {
            (0, Vec::new())
        };
        let paused_days = total(
            paused
                .iter()
                .map(|(a, b)| days_between(cal, rule.day_kind, *a, *b)),
        );
        let due = paused_days.and_then(|p| {
            let due = cal.due_date(
                local_date(started_at),
                rule.days + extension_days + p.value,
                rule.day_kind,
            )?;
            Ok(Reckoned {
                value: due.value,
                provisional: due.provisional || p.provisional,
            })
        });
        // The objection period is a window for returning a ticket, not a deadline.
        let (level, met) = match (&due, stopped_at) {
            _ if timer == Timer::Objection => (None, None),
            (Ok(due), Some(stop)) => (None, Some(local_date(stop) <= due.value)),
            (Ok(due), None) => (level(cal, due.value, now), None),
            (Err(_), _) => (None, None),
        };
        Some(Clock {
            timer,
            rule,
            started_at,
            stopped_at,
            extension_days,
            paused_days: paused_days.map_or(0, |p| p.value),
            provisional: due.as_ref().is_ok_and(|d| d.provisional),
            due: due.map(|d| d.value),
            level,
            met,
        })
    })
    .collect()
}

/// A paused interval (start, end).
type Pause = (DateTime<Utc>, DateTime<Utc>);

/// Granted extension days and pause intervals among the events before `until`.
fn adjustments(events: &[ClockEvent], until: DateTime<Utc>) -> (u32, Vec<Pause>) {
    let mut extension = 0;
    let mut pauses = Vec::new();
    let mut paused_since = None;
    for e in events.iter().take_while(|e| e.at <= until) {
        match e.action {
            TicketAction::GrantExtension => extension += e.days.unwrap_or(0),
            TicketAction::RequestInfo | TicketAction::Suspend => {
                paused_since = paused_since.or(Some(e.at))
            }
            TicketAction::Resume | TicketAction::Supplement => {
                pauses.extend(paused_since.take().map(|s| (s, e.at)))
            }
            _ => {}
        }
    }
    pauses.extend(paused_since.map(|s| (s, until)));
    (extension, pauses)
}

fn level(cal: &WorkCalendar, due: NaiveDate, now: DateTime<Utc>) -> Option<WarningLevel> {
    let today = local_date(now);
    if today > due {
        return Some(WarningLevel::Overdue);
    }
    let left = cal.working_days_between(today, due).ok()?;
    (left.value <= 1).then_some(WarningLevel::DueSoon)
}

#[cfg(test)]
#[path = "clocks_tests.rs"]
mod tests;
