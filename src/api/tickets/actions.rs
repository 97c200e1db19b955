//! Acting on a ticket: one endpoint, one action per request.

use actix_web::{post, web, HttpRequest, HttpResponse};

use crate::api::http::auth::TicketWorker;
use crate::api::http::etag;
use crate::api::http::extract::ValidJson;
use crate::api::tickets::disclosure::disclose_one;
use crate::api::tickets::dto::{ActionRequest, TicketDto};
use crate::api::tickets::queue::{load_in_scope, scope, ticket_view};
use crate::db;
use crate::domain::coords::CoordSys;
use crate::domain::ticket::{Ticket, TicketAction};
use crate::domain::vocab::Role;
use crate::error::AppError;
use crate::hotline::actions::{commit, plan, ActionInput};
use crate::hotline::intake::{event, Actor};
use crate::i18n::{Lang, Text};
use crate::state::AppState;

type Problem = crate::error::Problem;

/// Takes one action on a ticket (派单, 签收, 退单, 中止, 答复, 回访, 办结, 并单…).
/// Illegal transitions are 409; actions of another role 403; tickets outside
/// an outlet's scope 404. Every accepted action is appended to the history.
#[utoipa::path(tag = "tickets", params(("If-Match" = String, Header, description = "The ETag from the last GET; 428 without it, 412 when it is stale"), ("id" = String, Path, description = "Ticket id")), request_body = ActionRequest, security(("api_key" = [])), responses(
    (status = 200, description = "The ticket after the action", body = TicketDto),
    (status = 401, description = "No valid key", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not this role's action", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such ticket in the caller's scope", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not allowed in the ticket's state, or changed meanwhile", body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "The ETag is stale", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 428, description = "No If-Match", body = crate::error::Problem, content_type = "application/problem+json"),
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
    let scope = scope(&state.directory(), &caller)?;
    let input = ActionInput {
        at: r.at,
        note: r.note,
        outlet_id: r.outlet_id,
        days: r.days,
        satisfaction: r.satisfaction,
        reply: r.reply,
        close_reason: r.close_reason,
        merge_into: r.merge_into,
        kind: r.kind,
        category: r.category,
    };
    let actor = Actor {
        key_id: Some(caller.key_id.clone()),
        role: caller.role.as_str().into(),
    };
    let if_match = etag::if_match(&req);
    let st = state.get_ref().clone();
    let (row, history) = state
        .write(move |conn| {
            let (row, history) = load_in_scope(conn, &id, &scope)?;
            etag::check(if_match.as_deref(), row.version)?;
            let mut outcome = plan(
                &st.directory(),
                (&row, &history),
                r.action,
                &input,
                (&actor, caller.role),
                now,
            )?;
            if r.action == TicketAction::Merge {
                let target_id = input.merge_into.as_deref().unwrap_or_default();
                let target = db::tickets::find(conn, target_id)?
                    .filter(Ticket::is_open)
                    .ok_or_else(|| {
                        AppError::invalid(
                            "merge_into",
                            Text::new("目标工单不存在或已办结", "no such open ticket"),
                        )
                    })?;
                let state = target.state;
                let mut merged = event(
                    &target.id,
                    &actor,
                    TicketAction::MergedFrom,
                    (Some(state), state),
                    outcome.events[0].at,
                );
                merged.note = Some(format!("{} 并入本单", row.tracking_number));
                outcome.events.push(merged);
            }
            commit(conn, &outcome, &row)?;
            Ok((outcome.ticket, db::tickets::events(conn, &row.id)?))
        })
        .await?;
    let lang = Lang::from_request(&req);
    let operator = matches!(caller.role, Role::Admin | Role::Operator);
    let dto = ticket_view(
        &state.directory(),
        row,
        history,
        (CoordSys::Wgs84, operator.then_some(lang), now),
    );
    let dto = disclose_one(&state, &caller, dto, "action").await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::ETAG, etag::etag(dto.version)))
        .json(dto))
}
