//! A page of a ticket queue: the filters, the text search and the order.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::convert::tickets_of;
use super::{Backend, TicketRow};
use crate::db::schema::{ticket_deadlines, tickets};
use crate::db::DbConn;
use crate::domain::ticket::{Ticket, TicketCategory, TicketKind, TicketState};

/// Filters of a ticket queue; all given ones must hold.
#[derive(Debug, Default)]
pub struct QueueFilter {
    pub states: Vec<TicketState>,
    pub kind: Option<TicketKind>,
    pub category: Option<TicketCategory>,
    /// Tickets assigned or escalated to any of these outlets.
    pub outlets: Option<Vec<String>>,
    pub received_from: Option<NaiveDateTime>,
    pub received_to: Option<NaiveDateTime>,
    pub text: Option<String>,
    /// `text` also matches the reporter's name and phone (operators only).
    pub text_in_reporter: bool,
    pub after_id: Option<String>,
    /// Only tickets whose stored deadline turned overdue by this instant.
    pub overdue_by: Option<NaiveDateTime>,
    /// Only tickets whose stored deadline is due soon, not overdue, at this instant.
    pub due_soon_by: Option<NaiveDateTime>,
    pub limit: i64,
}

diesel::define_sql_function! {
    /// SQL `lower`: ASCII letters on SQLite, every cased letter on PostgreSQL.
    fn lower(text: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// A page of tickets ordered by id (creation order).
pub fn queue(conn: &mut DbConn, f: &QueueFilter) -> QueryResult<Vec<Ticket>> {
    let mut q = tickets::table
        .select(TicketRow::as_select())
        .into_boxed::<Backend>();
    if !f.states.is_empty() {
        q = q.filter(tickets::state.eq_any(f.states.iter().map(|s| s.as_str())));
    }
    if let Some(kind) = &f.kind {
        q = q.filter(tickets::kind.eq(kind.as_str()));
    }
    if let Some(category) = &f.category {
        q = q.filter(tickets::category.eq(category.as_str()));
    }
    if let Some(outlets) = &f.outlets {
        q = q.filter(
            tickets::outlet_id
                .eq_any(outlets.clone())
                .or(tickets::escalated_to.eq_any(outlets.clone())),
        );
    }
    if let Some(from) = f.received_from {
        q = q.filter(tickets::received_at.ge(from));
    }
    if let Some(to) = f.received_to {
        q = q.filter(tickets::received_at.lt(to));
    }
    if let Some(text) = &f.text {
        q = q.filter(text_matches(text, f.text_in_reporter));
    }
    if let Some(after) = &f.after_id {
        q = q.filter(tickets::id.gt(after.clone()));
    }
    if let Some(clock) = deadline_filter(f) {
        q = q.filter(clock);
    }
    let q = q.order(tickets::id.asc());
    // SQLite re-prepares a statement whose LIMIT is a bound parameter each
    // time it is bound (6 % of a queue page, by `perf`); it yields rows as
    // the walk finds them, so taking the first ones is the same walk. A
    // PostgreSQL result arrives whole, so there the server limits it.
    if matches!(conn, DbConn::Sqlite(_)) {
        let rows = q.load_iter::<TicketRow, diesel::connection::DefaultLoadingMode>(conn)?;
        return tickets_of(rows.take(f.limit as usize).collect::<QueryResult<_>>()?);
    }
    tickets_of(q.limit(f.limit).load(conn)?)
}

/// A condition on the tickets table, built at run time.
type Condition = Box<dyn BoxableExpression<tickets::table, Backend, SqlType = Bool>>;

/// `text` anywhere in the subject, description or tracking number, and with
/// `in_reporter` also in the reporter's name or phone.
fn text_matches(text: &str, in_reporter: bool) -> Condition {
    let pattern = format!(
        "%{}%",
        text.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    // Both sides lowered by the database itself: SQLite's LIKE ignores
    // the case of ASCII letters on its own, PostgreSQL's minds it.
    let in_ticket = lower(tickets::subject)
        .like(lower(pattern.clone()))
        .escape('\\')
        .or(lower(tickets::description)
            .like(lower(pattern.clone()))
            .escape('\\'))
        .or(tickets::tracking_number.like(pattern.clone()).escape('\\'));
    if !in_reporter {
        return Box::new(in_ticket);
    }
    let name = lower(tickets::reporter_name.assume_not_null())
        .like(lower(pattern.clone()))
        .escape('\\');
    let phone = tickets::reporter_phone.like(pattern).escape('\\');
    Box::new(
        in_ticket
            .or(name.assume_not_null())
            .or(phone.assume_not_null()),
    )
}

/// The stored-deadline conditions of `f` (overdue, due soon), if any.
// EXISTS, not IN: the page walks tickets in id order and looks each up,
// instead of collecting every overdue ticket first.
fn deadline_filter(f: &QueueFilter) -> Option<Condition> {
    let overdue = f.overdue_by.map(|t| -> Condition {
        Box::new(diesel::dsl::exists(
            ticket_deadlines::table
                .filter(ticket_deadlines::ticket_id.eq(tickets::id))
                .filter(ticket_deadlines::overdue_at.le(t)),
        ))
    });
    let due_soon = f.due_soon_by.map(|t| -> Condition {
        Box::new(diesel::dsl::exists(
            ticket_deadlines::table
                .filter(ticket_deadlines::ticket_id.eq(tickets::id))
                .filter(ticket_deadlines::due_soon_at.le(t))
                .filter(ticket_deadlines::overdue_at.gt(t)),
        ))
    });
    match (overdue, due_soon) {
        (Some(a), Some(b)) => Some(Box::new(a.and(b))),
        (a, b) => a.or(b),
    }
}
