//! What each action changes: the ticket's fields, its event's details, and
//! any further events (a dissatisfied callback reopens the case).

use super::checks::{extension_pending, objection_window_open, required};
use super::ActionInput;
use crate::directory::Directory;
use crate::domain::ticket::{CloseReason, Event, Ticket, TicketAction, TicketKind, TicketState};
use crate::domain::vocab::OutletStatus;
use crate::error::AppError;
use crate::hotline::actor::Actor;

/// An action's effects as they are worked out.
pub struct Planned {
    /// The ticket after the action (state set at the end).
    pub next: Ticket,
    /// The action's own event.
    pub event: Event,
    /// Events that follow it.
    pub extra: Vec<Event>,
    /// The state the ticket ends in.
    pub final_state: TicketState,
}

/// Applies `action`'s effects to `p`, or refuses a field.
pub fn apply(
    dir: &Directory,
    (ticket, history): (&Ticket, &[Event]),
    action: TicketAction,
    input: &ActionInput,
    actor: &Actor,
    p: &mut Planned,
) -> Result<(), AppError> {
    use TicketAction as A;
    match action {
        A::Assign | A::Reassign => assign(dir, action, input, p),
        A::Return => {
            required(&input.note, "note")?;
            objection_window_open(dir, ticket, history, p.event.at)?;
            p.next.outlet_id = None;
            p.next.escalated_to = None;
            Ok(())
        }
        A::RequestInfo | A::Suspend => required(&input.note, "note").map(drop),
        A::RequestExtension | A::GrantExtension => extension(action, input, history, p),
        A::Reply | A::Answer => reply(ticket, action, input, p),
        A::Callback => callback(ticket, input, actor, p),
        A::Close => close(input, p),
        A::Merge => merge(ticket, input, p),
        A::Classify => classify(input, p),
        A::Accept | A::Resume | A::RequestCallback => Ok(()),
        _ => Err(AppError::rejected(
            "action",
            "不能通过此接口执行",
            "cannot be taken through this endpoint",
        )),
    }
}

fn assign(
    dir: &Directory,
    action: TicketAction,
    input: &ActionInput,
    p: &mut Planned,
) -> Result<(), AppError> {
    let id = required(&input.outlet_id, "outlet_id")?;
    if (dir.outlets.get(id)).is_none_or(|o| o.status() == OutletStatus::Closed) {
        return Err(AppError::rejected(
            "outlet_id",
            "网点不存在或已关闭",
            "no such open outlet",
        ));
    }
    if action == TicketAction::Reassign {
        required(&input.note, "note")?;
    }
    p.next.outlet_id = Some(id.to_owned());
    p.next.escalated_to = None;
    p.event.outlet_id = Some(id.to_owned());
    Ok(())
}

fn extension(
    action: TicketAction,
    input: &ActionInput,
    history: &[Event],
    p: &mut Planned,
) -> Result<(), AppError> {
    let days = input
        .days
        .filter(|d| (1..=60).contains(d))
        .ok_or_else(|| AppError::rejected("days", "须为 1 到 60", "must be from 1 to 60"))?;
    if action == TicketAction::RequestExtension {
        required(&input.note, "note")?;
    } else if !extension_pending(history) {
        return Err(AppError::conflict(
            "没有待批准的延期申请",
            "no extension request is pending",
        ));
    }
    p.event.days = Some(days);
    Ok(())
}

fn reply(
    ticket: &Ticket,
    action: TicketAction,
    input: &ActionInput,
    p: &mut Planned,
) -> Result<(), AppError> {
    let reply = required(&input.reply, "reply")?;
    if action == TicketAction::Answer && ticket.kind != TicketKind::Enquiry {
        return Err(AppError::conflict(
            "只有咨询类工单可以直接答复办结",
            "only enquiries can be answered directly",
        ));
    }
    p.next.reply = Some(reply.to_owned());
    if action == TicketAction::Answer {
        p.next.close_reason = Some(CloseReason::Answered);
    }
    Ok(())
}

fn callback(
    ticket: &Ticket,
    input: &ActionInput,
    actor: &Actor,
    p: &mut Planned,
) -> Result<(), AppError> {
    let score = input
        .satisfaction
        .filter(|s| (1..=5).contains(s))
        .ok_or_else(|| AppError::rejected("satisfaction", "须为 1 到 5", "must be from 1 to 5"))?;
    p.event.satisfaction = Some(score);
    p.next.satisfaction = Some(score);
    if score <= 2 {
        // Dissatisfied: the case is reopened with a new handling clock (重办).
        p.event.to_state = TicketState::Replied;
        p.extra.push(actor.event(
            &ticket.id,
            TicketAction::Reopen,
            (Some(TicketState::Replied), TicketState::Accepted),
            p.event.at,
        ));
        p.final_state = TicketState::Accepted;
    } else {
        p.next.close_reason = Some(CloseReason::Resolved);
    }
    Ok(())
}

fn close(input: &ActionInput, p: &mut Planned) -> Result<(), AppError> {
    let reason = input.close_reason.filter(|r| {
        !matches!(
            r,
            CloseReason::Resolved | CloseReason::Answered | CloseReason::Duplicate
        )
    });
    let reason = reason.ok_or_else(|| {
        AppError::rejected(
            "close_reason",
            "须为 `not_accepted`、`referred_out` 或 `withdrawn`",
            "must be not_accepted, referred_out or withdrawn",
        )
    })?;
    p.next.close_reason = Some(reason);
    Ok(())
}

fn merge(ticket: &Ticket, input: &ActionInput, p: &mut Planned) -> Result<(), AppError> {
    let target = required(&input.merge_into, "merge_into")?;
    if target == ticket.id {
        return Err(AppError::rejected(
            "merge_into",
            "不能并入自身",
            "cannot merge a ticket into itself",
        ));
    }
    p.next.merged_into = Some(target.to_owned());
    p.next.close_reason = Some(CloseReason::Duplicate);
    p.event.note = Some(format!("并入 {target}"));
    Ok(())
}

fn classify(input: &ActionInput, p: &mut Planned) -> Result<(), AppError> {
    if input.kind.is_none() && input.category.is_none() {
        return Err(AppError::rejected(
            "kind",
            "须给出新的 `kind` 或 `category`",
            "give a new kind or category",
        ));
    }
    if let Some(kind) = input.kind {
        p.next.kind = kind;
    }
    if let Some(category) = input.category {
        p.next.category = category;
    }
    // The new classification leads the note; the operator's own words follow.
    let classified = format!("{} / {}", p.next.kind.as_str(), p.next.category.as_str());
    p.event.note = Some(match p.event.note.take() {
        Some(note) => format!("{classified}：{note}"),
        None => classified,
    });
    Ok(())
}
