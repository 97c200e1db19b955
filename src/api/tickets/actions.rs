//! Acting on a ticket: one endpoint, one action per request.

use actix_web::{post, web, HttpRequest, HttpResponse};

use crate::api::http::auth::TicketWorker;
use crate::api::http::etag;
use crate::api::http::extract::ValidJson;
use crate::api::tickets::disclosure::disclose_one;
use crate::api::tickets::dto::{ActionRequest, TicketDto};
use crate::api::tickets::queue::caller_scope;
use crate::api::tickets::view::ticket_view;
use crate::domain::coords::CoordSys;
use crate::domain::vocab::Role;
use crate::error::AppError;
use crate::hotline::actions::{take, ActionInput};
use crate::hotline::actor::Actor;
use crate::i18n::Lang;
use crate::state::AppState;

type Problem = crate::error::Problem;

/// Takes one action on a ticket (派单, 签收, 退单, 中止, 答复, 回访, 办结, 并单…).
///
/// Illegal transitions are 409; actions of another role 403; tickets outside an
/// outlet's scope 404. Every accepted action is appended to the history.
#[utoipa::path(tag = "tickets", params(("If-Match" = String, Header, description = "The ETag from the last GET; 428 without it, 412 when it is stale"), ("id" = String, Path, description = "Ticket id")), request_body = ActionRequest, security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey, crate::api::http::responses::GuardedByEtag,
    (status = 200, description = "The ticket after the action", body = TicketDto),
    (status = 403, description = "Not this role's action", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such ticket in the caller's scope", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not allowed in the ticket's state, or changed meanwhile", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "A field the action needs is missing or invalid", body = Problem, content_type = "application/problem+json")))]
#[post("/tickets/{id}/actions")]
pub async fn ticket_action(
    req: HttpRequest,
    worker: TicketWorker,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<ActionRequest>,
) -> Result<HttpResponse, AppError> {
    let (caller, r, now) = (worker.0, body.0, state.now());
    let scope = caller_scope(&state.directory(), &caller)?;
    let input = ActionInput {
        at: r.at,
        note: r.note,
        public_note: r.public_note,
        outlet_id: r.outlet_id,
        days: r.days,
        satisfaction: r.satisfaction,
        reply: r.reply,
        close_reason: r.close_reason,
        merge_into: r.merge_into,
        kind: r.kind,
        category: r.category,
        cited_entries: r.cited_entries,
    };
    let (actor, role) = (Actor::from(&caller), caller.role);
    let if_match = etag::if_match(&req);
    let st = state.get_ref().clone();
    let (ticket, history) = state
        .write(move |conn| {
            let check = |version| etag::check(if_match.as_deref(), version);
            let input = (r.action, &input);
            take(
                conn,
                st.shared_directory(),
                (&id, &scope),
                check,
                input,
                (&actor, role),
                now,
            )
        })
        .await?;
    let lang = Lang::from_request(&req);
    let operator = matches!(caller.role, Role::Admin | Role::Operator);
    let view = (CoordSys::Wgs84, operator.then_some(lang), now);
    let dto = ticket_view(&state.directory(), ticket, history, view);
    let dto = disclose_one(&state, &caller, dto, "action").await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::ETAG, etag::etag(dto.version)))
        .json(dto))
}
