//! Checks an action's fields, its time and the history must pass.

use chrono::{DateTime, Duration, Utc};

use super::ActionInput;
use crate::directory::Directory;
use crate::domain::calendar::local_date;
use crate::domain::clocks::{compute, Timer};
use crate::domain::length::within;
use crate::domain::ticket::{Event, Ticket, TicketAction, TicketState};
use crate::domain::vocab::Role;
use crate::error::AppError;
use crate::hotline::view::clock_events;

/// 409: the action is not allowed in this state; says what the role can do instead.
pub fn not_allowed_in(from: TicketState, action: TicketAction, role: Role) -> AppError {
    let next = TicketAction::available(from, role);
    let (zh_next, en_next) = if next.is_empty() {
        (
            "你的角色现在无可执行的操作".to_owned(),
            "your role can take no action on it now".to_owned(),
        )
    } else {
        let zh: Vec<&str> = next.iter().map(|a| a.labels().0).collect();
        let en: Vec<&str> = next.iter().map(|a| a.as_str()).collect();
        (
            format!("现在可以：{}", zh.join("、")),
            format!("possible now: {}", en.join(", ")),
        )
    };
    AppError::conflict(
        format!(
            "工单处于「{}」，不能「{}」；{zh_next}",
            from.labels().0,
            action.labels().0
        ),
        format!(
            "a ticket that is {} does not allow `{}`; {en_next}",
            from.labels().1.to_lowercase(),
            action.as_str()
        ),
    )
}

/// A required free-text field: present, not blank, at most 5000 characters.
pub fn required<'a>(value: &'a Option<String>, field: &str) -> Result<&'a str, AppError> {
    match value.as_deref() {
        Some(v) if within(v, 1..=5000) => Ok(v.trim()),
        _ => Err(AppError::rejected(
            field,
            "必填，且不超过 5000 字",
            "is required, at most 5000 characters",
        )),
    }
}

/// The public part of a note: at most 1000 characters, none when blank.
pub fn public_note(input: &ActionInput) -> Result<Option<String>, AppError> {
    // The bound counts what was sent, as the schema's `maxLength` does.
    if (input.public_note.as_deref()).is_some_and(|n| n.chars().count() > 1000) {
        return Err(AppError::rejected(
            "public_note",
            "不超过 1000 字",
            "is at most 1000 characters",
        ));
    }
    Ok((input.public_note.as_deref().map(str::trim))
        .filter(|n| !n.is_empty())
        .map(str::to_owned))
}

/// The note and the reply, whichever the action: at most 5000 characters each.
pub fn text_lengths(input: &ActionInput) -> Result<(), AppError> {
    let long = |t: &Option<String>| t.as_deref().is_some_and(|t| t.chars().count() > 5000);
    let field = [("note", &input.note), ("reply", &input.reply)]
        .into_iter()
        .find_map(|(field, text)| long(text).then_some(field));
    match field {
        Some(field) => Err(AppError::rejected(
            field,
            "不超过 5000 字",
            "is at most 5000 characters",
        )),
        None => Ok(()),
    }
}

/// How far back the hotline may record an action after the fact.
pub const BACKDATE_LIMIT_DAYS: i64 = 30;

/// When the action takes effect: now, or, for the hotline only (outlets are
/// assessed on these clocks, so they may not date their own actions), a
/// recorded time within the last 30 days, not in the future and not before
/// the ticket's last event.
pub fn effective_at(
    input: &ActionInput,
    history: &[Event],
    (role, now): (Role, DateTime<Utc>),
) -> Result<DateTime<Utc>, AppError> {
    let Some(at) = input.at else { return Ok(now) };
    if !matches!(role, Role::Operator | Role::Admin) {
        return Err(AppError::rejected(
            "at",
            "只有热线可以补录操作时间；网点的操作以实际时间为准",
            "only the hotline may record an action after the fact; outlets act at the real time",
        ));
    }
    if at < now - Duration::days(BACKDATE_LIMIT_DAYS) {
        return Err(AppError::rejected(
            "at",
            format!("补录时间不能早于 {BACKDATE_LIMIT_DAYS} 天前"),
            format!("may not be more than {BACKDATE_LIMIT_DAYS} days ago"),
        ));
    }
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

/// Whether the last extension request has not been granted yet.
pub fn extension_pending(history: &[Event]) -> bool {
    let last = |a: TicketAction| history.iter().rposition(|e| e.action == a);
    match (
        last(TicketAction::RequestExtension),
        last(TicketAction::GrantExtension),
    ) {
        (Some(r), Some(g)) => r > g,
        (Some(_), None) => true,
        _ => false,
    }
}

/// 409 when the objection period (退单期限) for this assignment has ended by `at`.
pub fn objection_window_open(
    dir: &Directory,
    ticket: &Ticket,
    history: &[Event],
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    let clocks = compute(
        &dir.catalogue.rules().clock_rules,
        (ticket.kind, ticket.category),
        ticket.received_at,
        &clock_events(history),
        &dir.catalogue.calendar,
        at,
    );
    match clocks
        .iter()
        .find(|c| c.timer == Timer::Objection)
        .map(|c| c.due)
    {
        Some(Ok(due)) if local_date(at) > due => Err(AppError::conflict(
            format!("退单期限已于 {due} 届满"),
            format!("the objection period ended on {due}"),
        )),
        _ => Ok(()),
    }
}

/// The knowledge entries a reply or answer cites: at most 10, each an entry
/// that exists; other actions cite none.
pub fn citations(
    dir: &Directory,
    action: TicketAction,
    input: &ActionInput,
) -> Result<Vec<String>, AppError> {
    let cited = &input.cited_entries;
    if cited.is_empty() {
        return Ok(Vec::new());
    }
    let fail = |zh: &str, en: &str| {
        Err(AppError::invalid(
            "cited_entries",
            crate::i18n::Text::new(zh, en),
        ))
    };
    if !matches!(action, TicketAction::Reply | TicketAction::Answer) {
        return fail(
            "只有答复可以引用知识条目",
            "only a reply or an answer cites knowledge entries",
        );
    }
    if cited.len() > 10 {
        return fail("最多引用 10 个知识条目", "at most 10 knowledge entries");
    }
    if let Some(missing) = cited
        .iter()
        .find(|id| !dir.catalogue.knowledge.entries.contains_key(id.as_str()))
    {
        return Err(AppError::invalid(
            "cited_entries",
            crate::i18n::Text::new(
                format!("知识条目 `{missing}` 不存在"),
                format!("knowledge entry `{missing}` does not exist"),
            ),
        ));
    }
    let mut unique = cited.clone();
    unique.sort();
    unique.dedup();
    Ok(unique)
}
