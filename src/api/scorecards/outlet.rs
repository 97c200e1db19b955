//! One outlet's scorecard.

use actix_web::{get, web, HttpRequest, HttpResponse};

use super::dto::ScorecardDto;
use super::query::{evaluate, EvaluationQuery};
use crate::api::http::auth::StatsReader;
use crate::api::http::extract::ValidQuery;
use crate::error::{AppError, Resource};
use crate::i18n::Lang;
use crate::state::AppState;

/// One outlet's scorecard for a period, with its rank within its region.
///
/// For admins, operators and auditors. `region` and `tier` are not needed here.
#[utoipa::path(tag = "evaluation", params(("id" = String, Path, description = "Outlet id"), EvaluationQuery), security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "The scorecard", body = ScorecardDto),
    (status = 400, description = "Bad period", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not an admin, operator or auditor key", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such outlet, or closed", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/scorecards/{id}")]
pub async fn get_scorecard(
    _reader: StatsReader,
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    q: ValidQuery<EvaluationQuery>,
) -> Result<HttpResponse, AppError> {
    let (_, cards) = evaluate(&state, &q.0).await?;
    let card = (cards.iter())
        .find(|c| c.outlet.id == *id)
        .ok_or_else(|| AppError::not_found(Resource::Outlet, &id))?;
    Ok(HttpResponse::Ok().json(ScorecardDto::new(card, Lang::from_request(&req))))
}
