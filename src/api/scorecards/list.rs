//! Scorecards of the outlets, ranked, with roll-ups per region and tier.

use actix_web::{get, web, HttpRequest, HttpResponse};

use super::dto::{scorecard_columns, scorecard_row, EvaluationReport, Rollups, ScorecardDto};
use super::query::{evaluate, EvaluationQuery};
use crate::api::http::auth::StatsReader;
use crate::api::http::csv::{csv, wants_csv};
use crate::api::http::extract::ValidQuery;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::state::AppState;

/// Outlets' scorecards for a period.
///
/// Every outlet's scorecard for a period (supply, use, quality, each
/// indicator's figure, score and weight), best total first with its rank
/// within its region, and roll-ups per region and tier. JSON, or CSV of the
/// scorecards (admins, operators, auditors).
#[utoipa::path(tag = "evaluation", params(EvaluationQuery), security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "The evaluation (CSV with `format=csv` or `Accept: text/csv`)", content((EvaluationReport = "application/json"), (String = "text/csv"))),
    (status = 400, description = "Bad period, region or format", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not an admin, operator or auditor key", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/scorecards")]
pub async fn list_scorecards(
    _reader: StatsReader,
    req: HttpRequest,
    state: web::Data<AppState>,
    q: ValidQuery<EvaluationQuery>,
) -> Result<HttpResponse, AppError> {
    let ((from, to), cards) = evaluate(&state, &q.0).await?;
    let lang = Lang::from_request(&req);
    let outlets: Vec<ScorecardDto> = cards.iter().map(|c| ScorecardDto::new(c, lang)).collect();
    if wants_csv(&req, q.0.format) {
        let columns = scorecard_columns();
        let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
        let rows = outlets.iter().map(scorecard_row).collect();
        return Ok(csv(&columns, rows, &format!("scorecards-{from}-{to}.csv")));
    }
    let Rollups { regions, tiers } = Rollups::new(&state.directory(), &cards, lang);
    Ok(HttpResponse::Ok().json(EvaluationReport {
        from,
        to,
        weights: state.evaluation,
        outlets,
        regions,
        tiers,
    }))
}
