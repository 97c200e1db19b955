//! Hotline intake (public and operators) and the public status check.

use actix_web::http::header;
use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::http::auth::IntakeCaller;
use crate::api::http::extract::{ValidJson, ValidQuery};
use crate::api::http::guard::IntakeGuard;
use crate::api::regions::read::CoordQuery;
use crate::api::tickets::disclosure::disclose_one;
use crate::api::tickets::dto::{
    PublicEvent, PublicOutlet, PublicStatus, TicketDto, TicketInput, TicketReceipt,
};
use crate::api::tickets::input::validate;
use crate::db;
use crate::domain::ticket::Ticket;
use crate::error::{AppError, Resource};
use crate::hotline::actor::Actor;
use crate::hotline::deadline::next_deadline;
use crate::hotline::intake::{create, suggest_for, Created, Idempotency};
use crate::hotline::outbox::DueDto;
use crate::hotline::view::clocks;
use crate::keys::hash_key;
use crate::state::AppState;

type Problem = crate::error::Problem;

/// Logs a ticket. Without a key (the public) the answer is the tracking number
/// and a secret status token; with an operator key, also the full ticket.
/// The ticket is referred to the competent outlet at once when the engine finds one.
#[utoipa::path(tag = "tickets", params(CoordQuery, ("Idempotency-Key" = Option<String>, Header, description = "Retry safely: the same key and body return the first response (header `Idempotent-Replayed: true`); the same key with another body is a 409")), request_body = TicketInput, responses(
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
    let (sys, now) = (query.0.coord_sys.unwrap_or_default(), state.now());
    let idempotency = idempotency_key(&req, operator.as_ref(), &body.1)?;
    let (new, referral) = {
        let dir = state.directory();
        let new = validate(body.0, sys, operator.is_some(), &dir, now)?;
        if operator.is_none() {
            guard.check(&req, new.reporter.phone.as_deref())?;
        }
        let referral = suggest_for(&dir, &new);
        (new, referral)
    };
    let actor = operator.as_ref().map_or_else(Actor::public, Actor::from);
    let receipt = |t: &Ticket, token: &str| {
        let r = TicketReceipt {
            tracking_number: t.tracking_number.clone(),
            status_token: token.to_owned(),
            state: t.state.as_str().into(),
            ticket: None,
        };
        serde_json::to_string(&r).expect("receipts serialize")
    };
    let directory = state.directory_handle();
    let created = state
        .intake
        .run(move |conn| {
            create(
                conn,
                &directory,
                (&new, &actor, &referral),
                idempotency.as_ref(),
                receipt,
                now,
            )
        })
        .await?;
    let (row, token) = match created {
        Created::New(row, token) => (*row, token),
        Created::Replay(status, stored) => {
            let status = actix_web::http::StatusCode::from_u16(status as u16)
                .map_err(anyhow::Error::from)?;
            return Ok(HttpResponse::build(status)
                .content_type("application/json")
                .insert_header(("Idempotent-Replayed", "true"))
                .body(stored));
        }
    };
    let location = format!("/api/v1/tickets/{}", row.id);
    let mut receipt = TicketReceipt {
        tracking_number: row.tracking_number.clone(),
        status_token: token,
        state: row.state.as_str().into(),
        ticket: None,
    };
    if let Some(caller) = &operator {
        let id = row.id.clone();
        let history = state
            .db(move |conn| Ok(db::tickets::events(conn, &id)?))
            .await?;
        let clocks = clocks(&state.directory(), &row, &history, now);
        receipt.ticket =
            Some(disclose_one(&state, caller, TicketDto::new(row, &clocks, sys), "intake").await?);
    }
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, location))
        .json(receipt))
}

/// Reads `Idempotency-Key` (1 to 255 visible ASCII characters), scoped to the
/// caller's key or to the public, with a hash of the body.
fn idempotency_key(
    req: &actix_web::HttpRequest,
    caller: Option<&crate::api::http::auth::Caller>,
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
    let scope = caller.map_or("public".to_owned(), |c| format!("key:{}", c.key_id));
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

/// Tracking number and status token from intake.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StatusQuery {
    /// Tracking number, e.g. `20261121-000123`.
    pub tracking: String,
    /// The status token returned at intake.
    pub token: String,
}

/// A ticket's state, public history and reply, for the citizen who holds its
/// token. Never contains personal data.
#[utoipa::path(tag = "tickets", params(StatusQuery), responses(
    (status = 200, description = "The status", body = PublicStatus),
    (status = 404, description = "No ticket with this number and token", body = Problem, content_type = "application/problem+json")))]
#[get("/tickets/status")]
pub async fn ticket_status(
    state: web::Data<AppState>,
    query: ValidQuery<StatusQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let not_found = || AppError::not_found(Resource::TrackedTicket, &q.tracking);
    let tracking = q.tracking.clone();
    let (row, history) = state
        .db(move |conn| {
            let Some(row) = db::tickets::find_by_tracking(conn, &tracking)? else {
                return Ok(None);
            };
            let history = db::tickets::events(conn, &row.id)?;
            Ok(Some((row, history)))
        })
        .await?
        .ok_or_else(not_found)?;
    if row.token_hash != hash_key(&q.token) {
        return Err(not_found());
    }
    let history_rows = history;
    let history = history_rows
        .iter()
        .map(|e| PublicEvent {
            at: e.at,
            action: e.action.as_str().into(),
            state: e.to_state.as_str().into(),
        })
        .collect();
    let (handled_by, due) = {
        let dir = state.directory();
        let due = next_deadline(&dir, &row, &history_rows, state.now());
        let outlet = row.outlet_id.as_deref().and_then(|id| dir.outlets.get(id));
        let handled_by = outlet.map(|o| PublicOutlet {
            id: o.id.clone(),
            name: o.name.clone(),
            name_en: o.name_en.clone(),
            phones: o.phones.clone(),
        });
        (handled_by, due.as_ref().map(DueDto::from))
    };
    Ok(HttpResponse::Ok().json(PublicStatus {
        handled_by,
        due,
        tracking_number: row.tracking_number,
        kind: row.kind.as_str().into(),
        category: row.category.as_str().into(),
        state: row.state.as_str().into(),
        received_at: row.received_at,
        reply: row.reply,
        close_reason: row.close_reason.map(|c| c.as_str().into()),
        history,
    }))
}
