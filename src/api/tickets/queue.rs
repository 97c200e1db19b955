//! Ticket queues and the single-ticket view for operators and outlet staff.

use crate::api::programmes::dto::TicketTargetDto;
use crate::api::programmes::handovers::HandoverDto;
use crate::programmes::handovers;
use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::http::auth::{Caller, TicketWorker};
use crate::api::http::dto::Page;
use crate::api::http::extract::ValidQuery;
use crate::api::http::params::{decode_cursor, limit};
use crate::api::regions::read::CoordQuery;
use crate::api::tickets::disclosure::{disclose, disclose_one};
use crate::api::tickets::dto::SuggestedEntry;
use crate::api::tickets::dto::{EventDto, SuggestionDto, TicketDto};
use crate::db::tickets::QueueFilter;
use crate::db::{self};
use crate::directory::knowledge::Asker;
use crate::directory::Directory;
use crate::domain::calendar::day_start;
use crate::domain::calendar::local_date;
use crate::domain::coords::CoordSys;
use crate::domain::cursor::{encode, AfterId};
use crate::domain::knowledge::search::DocKey;
use crate::domain::ticket::{Event, Ticket};
use crate::domain::ticket::{TicketCategory, TicketKind, TicketState};
use crate::domain::vocab::Role;
use crate::error::{AppError, Resource};
use crate::hotline::scope::{load_in_scope, scope, Scope};
use crate::hotline::{intake, view};
use crate::i18n::Lang;
use crate::state::AppState;

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

/// A ticket queue: everything for operators, their own outlets' tickets (and
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
    let after: Option<AfterId> = decode_cursor(q.cursor.as_deref())?;
    let scope = caller_scope(&state.directory(), &worker.0)?;
    let outlets = match (q.outlet, scope) {
        (Some(o), Some(s)) if !s.contains(&o) => {
            return Err(AppError::not_found(Resource::Outlet, &o))
        }
        (Some(o), _) => Some(vec![o]),
        (None, s) => s,
    };
    let mut filter = QueueFilter {
        states: q.state.map(|s| vec![s]).unwrap_or_default(),
        kind: q.kind,
        category: q.category,
        outlets,
        received_from: q.from.map(|d| day_start(d).naive_utc()),
        received_to: q
            .to
            .and_then(|d| d.succ_opt())
            .map(|d| day_start(d).naive_utc()),
        text: q.q,
        // Operators and admins may find a caller by name or phone, even where
        // they are shown masked; outlet staff search the case text only.
        text_in_reporter: matches!(worker.0.role, Role::Operator | Role::Admin),
        after_id: after.map(|a| a.id),
        overdue_by: (q.overdue == Some(true)).then(|| now.naive_utc()),
        due_soon_by: (q.due_soon == Some(true)).then(|| now.naive_utc()),
        // One more than a page: the index answers the filters, so the check
        // against the clocks rarely drops one and asks for more.
        limit: limit as i64 + 1,
    };
    let st = state.get_ref().clone();
    let page = state
        .db(move |conn| {
            let mut page = Vec::new();
            loop {
                let batch = db::tickets::queue(conn, &filter)?;
                let exhausted = batch.len() < filter.limit as usize;
                filter.after_id = batch
                    .last()
                    .map(|t| t.id.clone())
                    .or(filter.after_id.take());
                let mut history = db::tickets::clock_events_of(
                    conn,
                    &batch.iter().map(|t| t.id.clone()).collect::<Vec<_>>(),
                )?;
                let dir = st.directory();
                for t in batch {
                    let events = history.remove(&t.id).unwrap_or_default();
                    let clocks = view::clocks_from(&dir, &t, &events, now);
                    let wanted = q.overdue.is_none_or(|o| o == view::is_overdue(&clocks))
                        && q.due_soon.is_none_or(|d| d == view::is_due_soon(&clocks));
                    if wanted {
                        page.push(TicketDto::new(t, &clocks, sys));
                    }
                }
                if exhausted || page.len() > limit {
                    return Ok(page);
                }
            }
        })
        .await?;
    let mut items = page;
    let next = (items.len() > limit).then(|| {
        encode(&AfterId {
            id: items[limit - 1].id.clone(),
        })
    });
    items.truncate(limit);
    let items = disclose(&state, &worker.0, items, "queue").await?;
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: next,
    }))
}

/// One ticket with its clocks, full history, the engine's suggestion and possible duplicates.
#[utoipa::path(tag = "tickets", params(("id" = String, Path, description = "Ticket id"), CoordQuery), security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "The ticket", body = TicketDto),
    (status = 404, description = "No such ticket in the caller's scope", body = Problem, content_type = "application/problem+json")))]
#[get("/tickets/{id}")]
pub async fn get_ticket(
    req: actix_web::HttpRequest,
    worker: TicketWorker,
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: ValidQuery<CoordQuery>,
) -> Result<HttpResponse, AppError> {
    let (sys, now) = (query.0.coord_sys.unwrap_or_default(), state.now());
    let scope = caller_scope(&state.directory(), &worker.0)?;
    let operator = scope.is_none();
    let day = crate::domain::calendar::local_date(now);
    let (row, history, duplicates, programmes) = state
        .db(move |conn| {
            let (row, history) = load_in_scope(conn, &id, &scope)?;
            let (duplicates, programmes) = if operator {
                let targets = handovers::ticket_targets(conn, &row, day)?;
                let handed = handovers::of_ticket(conn, &row.id)?;
                (
                    Some(intake::possible_duplicates(conn, &row, now)?),
                    Some((targets, handed)),
                )
            } else {
                (None, None)
            };
            Ok((row, history, duplicates, programmes))
        })
        .await?;
    let dto = ticket_view(
        &state.directory(),
        row,
        history,
        (sys, operator.then(|| Lang::from_request(&req)), now),
    );
    let suggested = suggested_entries(&state, &dto);
    let (service_targets, handed) = programmes
        .map(|(targets, handed)| {
            let targets = (targets.into_iter())
                .map(|(t, people)| TicketTargetDto::new(t, &people))
                .collect();
            (targets, handed.into_iter().map(HandoverDto::from).collect())
        })
        .unzip();
    let dto = TicketDto {
        possible_duplicates: duplicates,
        suggested_entries: Some(suggested),
        service_targets,
        handovers: handed,
        ..dto
    };
    let dto = disclose_one(&state, &worker.0, dto, "view").await?;
    Ok(HttpResponse::Ok()
        .insert_header((
            actix_web::http::header::ETAG,
            crate::api::http::etag::etag(dto.version),
        ))
        .json(dto))
}

/// Up to three entries (internal ones too) for the ticket's words, in its region.
fn suggested_entries(state: &AppState, t: &TicketDto) -> Vec<SuggestedEntry> {
    let dir = state.directory();
    let regions = (t.region_code.as_deref())
        .and_then(|c| dir.regions.index_of(c))
        .map(|i| {
            std::iter::once(i)
                .chain(dir.regions.ancestors(i))
                .map(|a| dir.regions.region(a).code.clone())
                .collect()
        })
        .unwrap_or_default();
    let asker = Asker {
        staff: true,
        regions,
        today: Some(local_date(state.now())),
    };
    let kb = &dir.catalogue.knowledge;
    let query = format!("{} {}", t.subject, t.description);
    (kb.search(&query, &asker, 6).into_iter())
        .filter_map(|(key, title, score)| match key {
            DocKey::Entry(id) => Some(SuggestedEntry {
                id: id.to_string(),
                question: title.to_owned(),
                score,
            }),
            DocKey::Matter(_) | DocKey::Outlet(_) => None,
        })
        .take(3)
        .collect()
}

/// The single-ticket view; with a language, also the engine's suggestion (operators).
pub fn ticket_view(
    dir: &Directory,
    row: Ticket,
    history: Vec<Event>,
    (sys, suggest_in, now): (CoordSys, Option<Lang>, DateTime<Utc>),
) -> TicketDto {
    let clocks = view::clocks(dir, &row, &history, now);
    let suggestion = suggest_in.map(|lang| {
        let referral = intake::suggest(
            dir,
            row.kind,
            row.category,
            row.location,
            row.region_code.as_deref(),
        );
        SuggestionDto {
            outlet_id: referral.outlet_id,
            reason: referral.reason.get(lang).to_owned(),
        }
    });
    let mut dto = TicketDto::new(row, &clocks, sys);
    dto.history = Some(history.into_iter().map(EventDto::from).collect());
    dto.suggestion = suggestion;
    dto
}
