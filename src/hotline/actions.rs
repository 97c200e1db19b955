//! Actions on a ticket: checked against the state machine, the caller's role
//! and the rules, then stored as new events with an optimistic version check.

use chrono::{DateTime, Duration, Utc};

pub use super::checks::commit;
use super::checks::{check_objection_window, extension_pending};
use super::intake::{event, Actor};
use crate::directory::Directory;
use crate::domain::ticket::{CloseReason, TicketAction, TicketKind, TicketState};
use crate::domain::ticket::{Event, Ticket};
use crate::domain::vocab::{OutletStatus, Role};
use crate::error::AppError;

/// What the caller asks for.
#[derive(Debug, Clone, Default)]
pub struct ActionInput {
    pub at: Option<DateTime<Utc>>,
    pub note: Option<String>,
    pub outlet_id: Option<String>,
    pub days: Option<u32>,
    pub satisfaction: Option<u8>,
    pub reply: Option<String>,
    pub close_reason: Option<CloseReason>,
    pub merge_into: Option<String>,
    pub kind: Option<TicketKind>,
    pub category: Option<crate::domain::ticket::TicketCategory>,
}

/// The changed ticket and the events to append (some may belong to a merge target).
#[derive(Debug)]
pub struct Outcome {
    pub ticket: Ticket,
    pub events: Vec<Event>,
}

fn required<'a>(value: &'a Option<String>, field: &str) -> Result<&'a str, AppError> {
    match value.as_deref().map(str::trim) {
        Some(v) if !v.is_empty() && v.chars().count() <= 5000 => Ok(v),
        _ => Err(AppError::rejected(
            field,
            "必填，且不超过 5000 字",
            "is required, at most 5000 characters",
        )),
    }
}

/// When the action takes effect: now, or a recorded time not in the future
/// and not before the ticket's last event.
fn effective_at(
    input: &ActionInput,
    history: &[Event],
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, AppError> {
    let Some(at) = input.at else { return Ok(now) };
    let last = history.iter().map(|e| e.at).max();
    if at > now + Duration::seconds(60) || last.is_some_and(|l| at < l) {
        return Err(AppError::rejected(
            "at",
            "不能晚于现在，也不能早于上一条记录",
            "may not be in the future nor before the ticket's last event",
        ));
    }
    Ok(at)
}

/// Checks an action and works out its effects.
pub fn plan(
    dir: &Directory,
    (ticket, history): (&Ticket, &[Event]),
    action: TicketAction,
    input: &ActionInput,
    (actor, role): (&Actor, Role),
    now: DateTime<Utc>,
) -> Result<Outcome, AppError> {
    if !action.allowed_for(role) {
        return Err(AppError::Forbidden);
    }
    let from = ticket.state;
    let to = action.next_state(from).ok_or_else(|| {
        AppError::conflict(
            format!(
                "工单处于「{}」，不能「{}」",
                from.labels().0,
                action.labels().0
            ),
            format!(
                "a ticket that is {} cannot be {}",
                from.as_str(),
                action.labels().1.to_lowercase()
            ),
        )
    })?;
    let at = effective_at(input, history, now)?;
    let mut next = ticket.clone();
    let mut e = event(&ticket.id, actor, action, (Some(from), to), at);
    e.note = input.note.clone().filter(|n| !n.trim().is_empty());
    let mut extra = Vec::new();
    let mut final_state = to;
    match action {
        TicketAction::Assign | TicketAction::Reassign => {
            let id = required(&input.outlet_id, "outlet_id")?;
            if !dir
                .outlets
                .get(id)
                .is_some_and(|o| o.status != OutletStatus::Closed)
            {
                return Err(AppError::rejected(
                    "outlet_id",
                    "网点不存在或已关闭",
                    "no such open outlet",
                ));
            }
            if action == TicketAction::Reassign {
                required(&input.note, "note")?;
            }
            next.outlet_id = Some(id.to_owned());
            next.escalated_to = None;
            e.outlet_id = Some(id.to_owned());
        }
        TicketAction::Return => {
            required(&input.note, "note")?;
            check_objection_window(dir, ticket, history, at)?;
            next.outlet_id = None;
            next.escalated_to = None;
        }
        TicketAction::RequestInfo | TicketAction::Suspend => {
            required(&input.note, "note")?;
        }
        TicketAction::RequestExtension | TicketAction::GrantExtension => {
            let days = input.days.filter(|d| (1..=60).contains(d)).ok_or_else(|| {
                AppError::rejected("days", "须为 1 到 60", "must be from 1 to 60")
            })?;
            if action == TicketAction::RequestExtension {
                required(&input.note, "note")?;
            } else if !extension_pending(history) {
                return Err(AppError::conflict(
                    "没有待批准的延期申请",
                    "no extension request is pending",
                ));
            }
            e.days = Some(days);
        }
        TicketAction::Reply | TicketAction::Answer => {
            let reply = required(&input.reply, "reply")?;
            if action == TicketAction::Answer && ticket.kind != TicketKind::Enquiry {
                return Err(AppError::conflict(
                    "只有咨询类工单可以直接答复办结",
                    "only enquiries can be answered directly",
                ));
            }
            next.reply = Some(reply.to_owned());
            if action == TicketAction::Answer {
                next.close_reason = Some(CloseReason::Answered);
            }
        }
        TicketAction::Callback => {
            let score = input
                .satisfaction
                .filter(|s| (1..=5).contains(s))
                .ok_or_else(|| {
                    AppError::rejected("satisfaction", "须为 1 到 5", "must be from 1 to 5")
                })?;
            e.satisfaction = Some(score);
            next.satisfaction = Some(score);
            if score <= 2 {
                // Dissatisfied: the case is reopened with a new handling clock (重办).
                e.to_state = TicketState::Replied;
                extra.push(event(
                    &ticket.id,
                    actor,
                    TicketAction::Reopen,
                    (Some(TicketState::Replied), TicketState::Accepted),
                    at,
                ));
                final_state = TicketState::Accepted;
            } else {
                next.close_reason = Some(CloseReason::Resolved);
            }
        }
        TicketAction::Close => {
            let reason = input.close_reason.filter(|r| {
                !matches!(
                    r,
                    CloseReason::Resolved | CloseReason::Answered | CloseReason::Duplicate
                )
            });
            let reason = reason.ok_or_else(|| {
                AppError::rejected(
                    "close_reason",
                    "须为 not_accepted、referred_out 或 withdrawn",
                    "must be not_accepted, referred_out or withdrawn",
                )
            })?;
            next.close_reason = Some(reason);
        }
        TicketAction::Merge => {
            let target = required(&input.merge_into, "merge_into")?;
            if target == ticket.id {
                return Err(AppError::rejected(
                    "merge_into",
                    "不能并入自身",
                    "cannot merge a ticket into itself",
                ));
            }
            next.merged_into = Some(target.to_owned());
            next.close_reason = Some(CloseReason::Duplicate);
            e.note = Some(format!("并入 {target}"));
        }
        TicketAction::Classify => {
            if input.kind.is_none() && input.category.is_none() {
                return Err(AppError::rejected(
                    "kind",
                    "须给出新的 kind 或 category",
                    "give a new kind or category",
                ));
            }
            if let Some(kind) = input.kind {
                next.kind = kind;
            }
            if let Some(category) = input.category {
                next.category = category;
            }
            e.note = Some(format!(
                "{} / {}",
                next.kind.as_str(),
                next.category.as_str()
            ));
        }
        TicketAction::Accept | TicketAction::Resume | TicketAction::RequestCallback => {}
        _ => {
            return Err(AppError::rejected(
                "action",
                "不能通过此接口执行",
                "cannot be taken through this endpoint",
            ))
        }
    }
    next.state = final_state;
    next.version += 1;
    next.updated_at = now;
    let mut events = vec![e];
    events.extend(extra);
    Ok(Outcome {
        ticket: next,
        events,
    })
}
