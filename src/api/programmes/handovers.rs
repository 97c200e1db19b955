//! Hotline tickets handed to a commissioner of the reporting firm.

use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::archive::PeriodQuery;
use crate::api::http::auth::{HotlineDesk, ProgrammeCaller};
use crate::api::http::extract::{ValidJson, ValidQuery};
use crate::db::programmes::handovers::HandoverRow;
use crate::error::AppError;
use crate::i18n::Text;
use crate::programmes::handovers;
use crate::state::AppState;

type Problem = crate::error::Problem;

/// Handing a ticket to a commissioner.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HandoverInput {
    /// The ticket (its reporter's organisation is a service target).
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub ticket_id: String,
    /// One of that target's commissioners (listed on the ticket as `service_targets`).
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub person_id: String,
    /// What the commissioner should do.
    #[serde(default)]
    #[schema(example = "请联系企业解答专利质押融资问题", max_length = 2000)]
    pub note: String,
}

/// A ticket handed to a commissioner.
#[derive(Debug, Serialize, ToSchema)]
pub struct HandoverDto {
    /// Id.
    #[schema(example = "th-0193a1b2c3d47e8f9a0b1c2d3e4f5a6b")]
    pub id: String,
    /// The ticket.
    pub ticket_id: String,
    /// The commissioner.
    pub person_id: String,
    /// The target the reporter speaks for.
    pub target_id: String,
    /// What to do.
    pub note: String,
    /// When.
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub handed_at: DateTime<Utc>,
}

impl From<HandoverRow> for HandoverDto {
    fn from(r: HandoverRow) -> Self {
        Self {
            id: r.id,
            ticket_id: r.ticket_id,
            person_id: r.person_id,
            target_id: r.target_id,
            note: r.note,
            handed_at: r.handed_at.and_utc(),
        }
    }
}

/// Handovers.
#[derive(Debug, Serialize, ToSchema)]
pub struct Handovers {
    /// Oldest first.
    pub items: Vec<HandoverDto>,
}

/// Hands a ticket to a commissioner.
///
/// The commissioner must serve the reporter's organisation (409 otherwise).
/// For admins and operators.
#[utoipa::path(tag = "programmes", request_body = HandoverInput, security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 201, description = "Handed over", body = HandoverDto),
    (status = 403, description = "Not an admin or operator key", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such ticket", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not a commissioner of the ticket's organisation", body = Problem, content_type = "application/problem+json")))]
#[post("/programmes/handovers")]
pub async fn hand_over(
    HotlineDesk(caller): HotlineDesk,
    state: web::Data<AppState>,
    body: ValidJson<HandoverInput>,
) -> Result<HttpResponse, AppError> {
    let (actor, input) = (super::actor(&caller)?, body.0);
    if input.note.chars().count() > 2000 {
        return Err(AppError::invalid(
            "note",
            Text::new("最多 2000 字", "at most 2,000 characters"),
        ));
    }
    let at = (state.today(), state.now());
    let row = state
        .write(move |conn| {
            handovers::hand_over(
                conn,
                &actor,
                (&input.ticket_id, &input.person_id, &input.note),
                at,
            )
        })
        .await?;
    Ok(HttpResponse::Created().json(HandoverDto::from(row)))
}

/// Tickets handed to a person in a period (admins and operators; a commissioner: their own).
#[utoipa::path(tag = "programmes", params(("id" = String, Path, description = "Person id"), PeriodQuery), security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "Handovers", body = Handovers),
    (status = 403, description = "Another person's", body = Problem, content_type = "application/problem+json")))]
#[get("/programmes/people/{id}/handovers")]
pub async fn person_handovers(
    caller: ProgrammeCaller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    q: ValidQuery<PeriodQuery>,
) -> Result<HttpResponse, AppError> {
    let actor = caller.actor()?;
    let to = q.0.to.unwrap_or_else(|| state.today());
    let from = q.0.from.unwrap_or(to - chrono::Days::new(365));
    let rows = state
        .db(move |conn| handovers::of_person(conn, &actor, &id, (from, to)))
        .await?;
    Ok(HttpResponse::Ok().json(Handovers {
        items: rows.into_iter().map(Into::into).collect(),
    }))
}
