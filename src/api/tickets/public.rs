//! The public's side of a ticket, with only the tracking number and token:
//! reading its status, and supplying information the outlet asked for.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::http::extract::{ValidJson, ValidQuery};
use crate::api::http::guard::IntakeGuard;
use crate::api::http::shared_limits::check_shared;
use crate::api::tickets::input::attachment_links;
use crate::api::tickets::public_dto::{
    notice, PublicEvent, PublicOutlet, PublicStatus, SupplementInput,
};
use crate::domain::ticket::{Event, Ticket};
use crate::error::AppError;
use crate::hotline::actions::required;
use crate::hotline::deadline::next_deadline;
use crate::hotline::outbox::DueDto;
use crate::hotline::public::{find, state_label, supplement, Supplied, Waiting};
use crate::i18n::Lang;
use crate::state::AppState;

type Problem = crate::error::Problem;

/// Tracking number and status token from intake.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StatusQuery {
    /// Tracking number, e.g. `20261121-000123`.
    #[param(pattern = "^[0-9]{8}-[0-9]{6,7}$")]
    pub tracking: String,
    /// The status token returned at intake (48 hexadecimal digits).
    #[param(pattern = "^[0-9a-f]{48}$")]
    pub token: String,
}

/// A ticket's public status.
///
/// Its state, public history (with what the outlet chose to tell the public)
/// and reply, for the citizen who holds its token. Never contains personal
/// data.
#[utoipa::path(tag = "tickets", params(StatusQuery), responses(
    (status = 200, description = "The status", body = PublicStatus),
    (status = 404, description = "No ticket with this number and token", body = Problem, content_type = "application/problem+json")))]
#[get("/tickets/status")]
pub async fn ticket_status(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ValidQuery<StatusQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let (ticket, history) = state
        .db(move |conn| find(conn, &q.tracking, &q.token))
        .await?;
    let status = public_status(&state, (ticket, history), Lang::from_request(&req));
    Ok(HttpResponse::Ok().json(status))
}

/// Supplies information the outlet asked for.
///
/// Supplies the information the outlet asked for (补充材料): recorded in the
/// history, sent to the outlet (webhook `ticket.supplemented`), and the
/// handling clock runs again. Limited per client like public intake.
#[utoipa::path(tag = "tickets", request_body = SupplementInput, responses(
    (status = 200, description = "Recorded; the status after it", body = PublicStatus),
    (status = 404, description = "No ticket with this number and token", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The outlet is not waiting for information from the reporter", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "Too many requests from this client", body = Problem, content_type = "application/problem+json")))]
#[post("/tickets/status/supplement")]
pub async fn supplement_information(
    req: HttpRequest,
    state: web::Data<AppState>,
    guard: web::Data<IntakeGuard>,
    body: ValidJson<SupplementInput>,
) -> Result<HttpResponse, AppError> {
    let input = body.0;
    let text = required(&Some(input.text.clone()), "text")?.to_owned();
    attachment_links(&input.attachments, "attachments")?;
    guard.check(&req, None)?;
    check_shared(&state, &guard, &req, None).await?;
    let supplied = Supplied {
        text,
        links: input.attachments,
    };
    let (dir, now) = (state.directory_handle(), state.now());
    let taken = state
        .write(move |conn| supplement(conn, &dir, (&input.tracking, &input.token), &supplied, now))
        .await?;
    Ok(HttpResponse::Ok().json(public_status(&state, taken, Lang::from_request(&req))))
}

/// The public view of a ticket in one language.
fn public_status(
    state: &AppState,
    (ticket, history): (Ticket, Vec<Event>),
    lang: Lang,
) -> PublicStatus {
    let dir = state.directory();
    let deadline = next_deadline(&dir, &ticket, &history, state.now());
    let handled_by = PublicOutlet::of(&dir, &ticket);
    let notice = notice(
        (&ticket, &history),
        handled_by.as_ref(),
        deadline.as_ref(),
        lang,
    );
    PublicStatus {
        state_label: state_label(&ticket, &history).get(lang).to_owned(),
        awaiting_information: Waiting::of(&ticket, &history) == Some(Waiting::ForReporter),
        tracking_number: ticket.tracking_number,
        kind: ticket.kind.as_str().into(),
        category: ticket.category.as_str().into(),
        state: ticket.state.as_str().into(),
        received_at: ticket.received_at,
        reply: ticket.reply,
        close_reason: ticket.close_reason.map(|c| c.as_str().into()),
        history: history.into_iter().map(|e| public_event(e, lang)).collect(),
        handled_by,
        due: deadline.as_ref().map(DueDto::from),
        notice,
    }
}

fn public_event(e: Event, lang: Lang) -> PublicEvent {
    let (zh, en) = e.action.labels();
    PublicEvent {
        at: e.at,
        action: e.action.as_str().into(),
        label: lang.pick(zh, en).into(),
        state: e.to_state.as_str().into(),
        public_note: e.public_note,
    }
}
