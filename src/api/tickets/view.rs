//! One ticket as operators and outlet staff see it.

use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};

use crate::api::http::auth::TicketWorker;
use crate::api::http::extract::ValidQuery;
use crate::api::programmes::dto::TicketTargetDto;
use crate::api::programmes::handovers::HandoverDto;
use crate::api::regions::read::CoordQuery;
use crate::api::tickets::disclosure::disclose_one;
use crate::api::tickets::dto::{EventDto, SuggestedEntry, SuggestionDto, TicketDto};
use crate::api::tickets::queue::caller_scope;
use crate::db::programmes::handovers::HandoverRow;
use crate::db::DbConn;
use crate::directory::knowledge::Asker;
use crate::directory::Directory;
use crate::domain::calendar::local_date;
use crate::domain::coords::CoordSys;
use crate::domain::knowledge::search::DocKey;
use crate::domain::programmes::person::Person;
use crate::domain::programmes::target::Target;
use crate::domain::ticket::{Event, Ticket};
use crate::error::{AppError, Problem};
use crate::hotline::scope::{load_in_scope, Scope};
use crate::hotline::{intake, view};
use crate::i18n::Lang;
use crate::programmes::handovers;
use crate::state::AppState;

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
    let (row, history, (duplicates, programmes)) =
        state.db(move |conn| load(conn, &id, &scope, now)).await?;
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

/// What an operator sees beside a ticket: duplicates, and the programmes'
/// targets and handovers.
type OperatorExtras = (
    Option<Vec<String>>,
    Option<(Vec<(Target, Vec<Person>)>, Vec<HandoverRow>)>,
);

/// The ticket in `scope` with its history; for operators (no scope) also
/// its possible duplicates and the programmes' targets and handovers.
fn load(
    conn: &mut DbConn,
    id: &str,
    scope: &Scope,
    now: DateTime<Utc>,
) -> Result<(Ticket, Vec<Event>, OperatorExtras), AppError> {
    let (row, history) = load_in_scope(conn, id, scope)?;
    if scope.is_some() {
        return Ok((row, history, (None, None)));
    }
    let targets = handovers::ticket_targets(conn, &row, local_date(now))?;
    let handed = handovers::of_ticket(conn, &row.id)?;
    let duplicates = intake::possible_duplicates(conn, &row, now)?;
    Ok((row, history, (Some(duplicates), Some((targets, handed)))))
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
