//! Ticket queues and the single-ticket view for operators and outlet staff.

use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::http::auth::{Caller, TicketWorker};
use crate::api::http::dto::Page;
use crate::api::http::extract::ValidQuery;
use crate::api::http::params::{decode_cursor, limit};
use crate::api::tickets::disclosure::disclose;
use crate::api::tickets::dto::TicketDto;
use crate::db::tickets::QueueFilter;
use crate::directory::Directory;
use crate::domain::calendar::day_start;
use crate::domain::coords::CoordSys;
use crate::domain::cursor::{encode, AfterId};
use crate::domain::ticket::{TicketCategory, TicketKind, TicketState};
use crate::domain::vocab::Role;
use crate::error::{AppError, Resource};
use crate::hotline::queue::{self, ClockWanted};
use crate::hotline::scope::{scope, Scope};
use crate::state::AppState;

/// Bytes of JSON a ticket of a queue page takes, about: 2,185 for the
/// synthetic seed's tickets, three fifths of it their three clocks.
const TICKET_JSON_BYTES: usize = 2_560;

type Problem = crate::error::Problem;

/// The tickets a caller may see (see [`scope`]).
pub fn caller_scope(dir: &Directory, caller: &Caller) -> Result<Scope, AppError> {
    scope(dir, caller.role, caller.outlet_id.as_deref())
}

/// Filters of a ticket queue.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    /// Only this state.
    pub state: Option<TicketState>,
    /// Only this kind.
    pub kind: Option<TicketKind>,
    /// Only this category.
    pub category: Option<TicketCategory>,
    /// Only tickets assigned or escalated to this outlet.
    pub outlet: Option<String>,
    /// Only tickets with (or without) an overdue acceptance or handling clock.
    pub overdue: Option<bool>,
    /// Only tickets with (or without) an acceptance or handling clock due
    /// today or on the next working day, and none overdue.
    pub due_soon: Option<bool>,
    /// Received on or after this date (China Standard Time).
    pub from: Option<NaiveDate>,
    /// Received on or before this date (China Standard Time).
    pub to: Option<NaiveDate>,
    /// Text in the subject, description or tracking number; for operators
    /// and admins also the reporter's name or phone.
    pub q: Option<String>,
    /// Coordinate system of returned positions (default `wgs84`).
    pub coord_sys: Option<CoordSys>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

impl QueueQuery {
    /// The stored-ticket filter for a page of `limit` at `now`, within the
    /// caller's `scope`; an outlet outside it is not found.
    fn filter(
        self,
        scope: Scope,
        role: Role,
        (limit, now): (usize, DateTime<Utc>),
    ) -> Result<QueueFilter, AppError> {
        let after: Option<AfterId> = decode_cursor(self.cursor.as_deref())?;
        let outlets = match (self.outlet, scope) {
            (Some(o), Some(s)) if !s.contains(&o) => {
                return Err(AppError::not_found(Resource::Outlet, &o))
            }
            (Some(o), _) => Some(vec![o]),
            (None, s) => s,
        };
        Ok(QueueFilter {
            states: self.state.map(|s| vec![s]).unwrap_or_default(),
            kind: self.kind,
            category: self.category,
            outlets,
            received_from: self.from.map(|d| day_start(d).naive_utc()),
            received_to: (self.to)
                .and_then(|d| d.succ_opt())
                .map(|d| day_start(d).naive_utc()),
            text: self.q,
            // Operators and admins may find a caller by name or phone, even where
            // they are shown masked; outlet staff search the case text only.
            text_in_reporter: matches!(role, Role::Operator | Role::Admin),
            after_id: after.map(|a| a.id),
            overdue_by: (self.overdue == Some(true)).then(|| now.naive_utc()),
            due_soon_by: (self.due_soon == Some(true)).then(|| now.naive_utc()),
            // One more than a page tells whether there is a next one.
            limit: limit as i64 + 1,
        })
    }
}

/// A ticket queue.
///
/// Everything for operators, their own outlets' tickets (and
/// those escalated to them) for outlet staff. Reading a queue changes nothing;
/// overdue tickets are escalated by a background sweep within a minute.
#[utoipa::path(tag = "tickets", params(QueueQuery), security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "A page of tickets", body = Page<TicketDto>),
    (status = 403, description = "Role without a queue", body = Problem, content_type = "application/problem+json")))]
#[get("/tickets")]
pub async fn list_tickets(
    worker: TicketWorker,
    state: web::Data<AppState>,
    query: ValidQuery<QueueQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let (limit, sys, now) = (
        limit(q.limit)?,
        q.coord_sys.unwrap_or_default(),
        state.now(),
    );
    let wanted = ClockWanted {
        overdue: q.overdue,
        due_soon: q.due_soon,
    };
    let scope = caller_scope(&state.directory(), &worker.0)?;
    let filter = q.filter(scope, worker.0.role, (limit, now))?;
    let directory = state.directory_handle();
    let page = state
        .db(move |conn| queue::page(conn, &directory, filter, wanted, now))
        .await?;
    let mut items: Vec<TicketDto> = (page.into_iter())
        .map(|(t, clocks)| TicketDto::new(t, &clocks, sys))
        .collect();
    let next = (items.len() > limit).then(|| {
        encode(&AfterId {
            id: items[limit - 1].id.clone(),
        })
    });
    items.truncate(limit);
    let items = disclose(&state, &worker.0, items, "queue").await?;
    Page {
        items,
        next_cursor: next,
    }
    .json_sized(TICKET_JSON_BYTES)
}
