//! Ticket lookups of the Open311 endpoints.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{ticket_events, tickets};
use super::tickets::{tickets_of, TicketRow};
use super::DbConn;
use crate::domain::ticket::{
    Ticket, TicketAction, TicketCategory, TicketChannel, TicketKind, TicketState,
};

/// Which tickets an Open311 caller may list or look up.
#[derive(Debug, Clone, Default)]
pub enum Visibility {
    /// Without a key: requests that came in through Open311, reports (举报) never.
    #[default]
    Public,
    /// A client key: the public ones and those it filed itself.
    FiledBy(String),
    /// The hotline (operators, admins): every ticket.
    All,
}

type Backend = <DbConn as diesel::Connection>::Backend;

/// Filters of an Open311 request list; all given ones must hold.
#[derive(Debug, Default)]
pub struct RequestFilter {
    /// Tracking numbers; when given, the other filters are ignored.
    pub tracking_numbers: Option<Vec<String>>,
    /// Categories (service codes).
    pub categories: Option<Vec<TicketCategory>>,
    /// Received at or after.
    pub from: Option<NaiveDateTime>,
    /// Received before.
    pub to: Option<NaiveDateTime>,
    /// `Some(true)`: closed only; `Some(false)`: open only.
    pub closed: Option<bool>,
    /// Most rows.
    pub limit: i64,
    /// Whose requests are shown.
    pub visibility: Visibility,
}

/// Tickets matching the filter, newest first.
pub fn requests(conn: &mut DbConn, f: &RequestFilter) -> QueryResult<Vec<Ticket>> {
    let mut q = tickets::table
        .select(TicketRow::as_select())
        .into_boxed::<Backend>();
    let public = tickets::channel
        .eq(TicketChannel::Open311.as_str())
        .and(tickets::kind.ne(TicketKind::Report.as_str()));
    match &f.visibility {
        Visibility::Public => q = q.filter(public),
        Visibility::FiledBy(key) => {
            let filed = ticket_events::table
                .filter(ticket_events::ticket_id.eq(tickets::id))
                .filter(ticket_events::action.eq(TicketAction::Create.as_str()))
                .filter(ticket_events::actor_key_id.eq(key.clone()));
            q = q.filter(public.or(diesel::dsl::exists(filed)));
        }
        Visibility::All => {}
    }
    if let Some(numbers) = &f.tracking_numbers {
        q = q.filter(tickets::tracking_number.eq_any(numbers.clone()));
    } else {
        if let Some(categories) = &f.categories {
            q = q.filter(tickets::category.eq_any(categories.iter().map(|c| c.as_str())));
        }
        if let Some(from) = f.from {
            q = q.filter(tickets::received_at.ge(from));
        }
        if let Some(to) = f.to {
            q = q.filter(tickets::received_at.lt(to));
        }
        match f.closed {
            Some(true) => q = q.filter(tickets::state.eq(TicketState::Closed.as_str())),
            Some(false) => q = q.filter(tickets::state.ne(TicketState::Closed.as_str())),
            None => {}
        }
    }
    tickets_of(
        q.order((tickets::received_at.desc(), tickets::id.desc()))
            .limit(f.limit)
            .load(conn)?,
    )
}

/// The ticket whose status token hashes to `token_hash`.
pub fn find_by_token_hash(conn: &mut DbConn, token_hash: &str) -> QueryResult<Option<Ticket>> {
    let row = tickets::table
        .filter(tickets::token_hash.eq(token_hash))
        .select(TicketRow::as_select())
        .first(conn)
        .optional()?;
    row.map(|r| Ticket::try_from(r).map_err(super::tickets::corrupt))
        .transpose()
}
