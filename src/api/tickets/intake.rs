//! Hotline intake (public and operators) and the public status check.

use actix_web::http::header;
use actix_web::{post, web, HttpResponse};
use chrono::{DateTime, Utc};

use crate::api::http::auth::{Caller, IntakeCaller};
use crate::api::http::extract::{ValidJson, ValidQuery};
use crate::api::http::guard::IntakeGuard;
use crate::api::http::shared_limits::check_shared;
use crate::api::regions::read::CoordQuery;
use crate::api::tickets::disclosure::disclose_one;
use crate::api::tickets::dto::{TicketDto, TicketInput};
use crate::api::tickets::input::validate;
use crate::api::tickets::public_dto::{notice, status_url, PublicOutlet, TicketReceipt};
use crate::db;
use crate::directory::Directory;
use crate::domain::agencies::Agency;
use crate::domain::coords::CoordSys;
use crate::domain::referral::Referral;
use crate::domain::ticket::{Ticket, TicketCategory};
use crate::error::AppError;
use crate::hotline::actor::Actor;
use crate::hotline::deadline::Deadline;
use crate::hotline::intake::{create, suggest_for, Created, Idempotency, NewTicket};
use crate::hotline::outbox::DueDto;
use crate::hotline::public::state_label;
use crate::hotline::view::clocks;
use crate::i18n::Lang;
use crate::keys::hash_key;
use crate::state::AppState;

type Problem = crate::error::Problem;

/// The agency a complaint names; 422 when it names one for another category or an unknown one.
async fn agency_named(state: &AppState, input: &TicketInput) -> Result<Option<Agency>, AppError> {
    let Some(named) = input.agency.clone() else {
        return Ok(None);
    };
    if input.category != TicketCategory::AgencyMisconduct {
        return Err(AppError::rejected(
            "agency",
            "只有“代理机构违规”类工单可以指定机构",
            "only tickets of category agency_misconduct name an agency",
        ));
    }
    let found = state
        .db(move |conn| crate::agencies::register::named(conn, &named))
        .await?;
    Ok(Some(found))
}

/// Logs a ticket.
///
/// Without a key (the public) the answer is the tracking number and a secret
/// status token; with an operator key, also the full ticket. The ticket is
/// referred to the competent outlet at once when the engine finds one.
#[utoipa::path(tag = "tickets", params(CoordQuery, ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,255}$", description = "Retry safely: the same key and body return the first response (header `Idempotent-Replayed: true`); the same key with another body is a 409")), request_body = TicketInput, responses(
    (status = 201, description = "Logged; acknowledged only after it is stored", body = TicketReceipt),
    (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "A key that may not log tickets", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Idempotency-Key reused with another body", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json")))]
#[post("/tickets")]
pub async fn create_ticket(
    req: actix_web::HttpRequest,
    caller: IntakeCaller,
    state: web::Data<AppState>,
    guard: web::Data<IntakeGuard>,
    query: ValidQuery<CoordQuery>,
    body: ValidJson<TicketInput>,
) -> Result<HttpResponse, AppError> {
    let operator = caller.0;
    let (sys, now, lang) = (
        query.0.coord_sys.unwrap_or_default(),
        state.now(),
        Lang::from_request(&req),
    );
    let scope = match &operator {
        Some(c) => format!("key:{}", c.key_id),
        // Per client: a guessed key must not replay another citizen's receipt.
        None => format!("public:{}", guard.client_ip(&req)),
    };
    let idempotency = idempotency_key(&req, scope, &body.1)?;
    let (new, referral) = prepare(
        &state,
        (&guard, &req),
        operator.is_some(),
        body.0,
        (sys, now),
    )
    .await?;
    let actor = operator.as_ref().map_or_else(Actor::public, Actor::from);
    let dir = state.directory_handle();
    let stored = dir.clone();
    let created = state
        .intake
        .run(move |conn| {
            let receipt = |t: &Ticket, token: &str, due: Option<&Deadline>| {
                let r = receipt(&stored.read(), (t, token), due, lang);
                serde_json::to_string(&r).expect("receipts serialize")
            };
            let what = (&new, &actor, &referral);
            create(conn, &dir, what, idempotency.as_ref(), receipt, now)
        })
        .await?;
    let (row, token, due) = match created {
        Created::New(row, token, due) => (*row, token, due),
        Created::Replay(status, stored) => return replayed(status, stored),
    };
    let mut receipt = receipt(&state.directory(), (&row, &token), due.as_ref(), lang);
    // The public follow their case on the public status; operators read the ticket.
    let location = match &operator {
        None => receipt.status_url.clone(),
        Some(caller) => {
            let location = format!("/api/v1/tickets/{}", row.id);
            receipt.ticket = Some(operator_view(&state, caller, row, (sys, now)).await?);
            location
        }
    };
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, location))
        .json(receipt))
}

/// The new ticket validated and referred: the agency a complaint names sets
/// its region; the public pass the intake guard and the shared rate limits.
async fn prepare(
    state: &AppState,
    (guard, req): (&IntakeGuard, &actix_web::HttpRequest),
    operator: bool,
    input: TicketInput,
    (sys, now): (CoordSys, DateTime<Utc>),
) -> Result<(NewTicket, Referral), AppError> {
    let agency = agency_named(state, &input).await?;
    let (new, referral) = {
        let dir = state.directory();
        let mut new = validate(input, sys, operator, &dir, now)?;
        if let Some(a) = agency {
            // The regulator of the agency's region is competent, wherever the caller is.
            new.region_code = Some(a.draft.region_code);
            new.agency_id = Some(a.id);
        }
        if !operator {
            guard.check(req, new.reporter.phone.as_deref())?;
        }
        let referral = suggest_for(&dir, &new);
        (new, referral)
    };
    if !operator {
        check_shared(state, guard, req, new.reporter.phone.as_deref()).await?;
    }
    Ok((new, referral))
}

/// The stored answer to an earlier request with the same idempotency key.
fn replayed(status: i32, stored: String) -> Result<HttpResponse, AppError> {
    let status = (u16::try_from(status).map_err(anyhow::Error::from))
        .and_then(|s| actix_web::http::StatusCode::from_u16(s).map_err(anyhow::Error::from))?;
    Ok(HttpResponse::build(status)
        .content_type("application/json")
        .insert_header(("Idempotent-Replayed", "true"))
        .body(stored))
}

/// The new ticket as the operator who logged it sees it.
async fn operator_view(
    state: &AppState,
    caller: &Caller,
    row: Ticket,
    (sys, now): (CoordSys, DateTime<Utc>),
) -> Result<TicketDto, AppError> {
    let id = row.id.clone();
    let history = state
        .db(move |conn| Ok(db::tickets::events(conn, &id)?))
        .await?;
    let clocks = clocks(&state.directory(), &row, &history, now);
    disclose_one(state, caller, TicketDto::new(row, &clocks, sys), "intake").await
}

/// The receipt of a new ticket in the caller's language.
fn receipt(
    dir: &Directory,
    (ticket, token): (&Ticket, &str),
    due: Option<&Deadline>,
    lang: Lang,
) -> TicketReceipt {
    let handled_by = PublicOutlet::of(dir, ticket);
    TicketReceipt {
        tracking_number: ticket.tracking_number.clone(),
        status_token: token.to_owned(),
        state: ticket.state.as_str().into(),
        state_label: state_label(ticket, &[]).get(lang).to_owned(),
        received_at: ticket.received_at,
        notice: notice((ticket, &[]), handled_by.as_ref(), due, lang),
        handled_by,
        due: due.map(DueDto::from),
        status_url: status_url(&ticket.tracking_number, token),
        ticket: None,
    }
}

/// Reads `Idempotency-Key` (1 to 255 visible ASCII characters) within
/// `scope` (the caller's key, or the public client's address), with a hash
/// of the body.
fn idempotency_key(
    req: &actix_web::HttpRequest,
    scope: String,
    body: &[u8],
) -> Result<Option<Idempotency>, AppError> {
    let Some(value) = req.headers().get("Idempotency-Key") else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .filter(|k| (1..=255).contains(&k.len()) && k.chars().all(|c| c.is_ascii_graphic()));
    let key = key.ok_or_else(|| {
        AppError::bad_request(
            "Idempotency-Key",
            crate::i18n::Text::new(
                "须为 1 到 255 个可见 ASCII 字符",
                "must be 1 to 255 visible ASCII characters",
            ),
        )
    })?;
    let request_hash = hash_key(&format!(
        "{}\n{}",
        req.query_string(),
        String::from_utf8_lossy(body)
    ));
    Ok(Some(Idempotency {
        scope,
        key: key.to_owned(),
        request_hash,
    }))
}
