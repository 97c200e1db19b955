//! The roll-ups per region and tier alone, for a spreadsheet.

use actix_web::{get, web, HttpRequest, HttpResponse};

use super::dto::{RollupDto, Rollups};
use super::query::{evaluate, EvaluationQuery};
use crate::api::http::auth::StatsReader;
use crate::api::http::csv::{csv, wants_csv};
use crate::api::http::extract::ValidQuery;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::state::AppState;

const COLUMNS: [&str; 19] = [
    "level",
    "code",
    "name",
    "outlets",
    "mean_total",
    "mean_supply",
    "mean_use",
    "mean_quality",
    "tickets_received",
    "acceptance_on_time_pct",
    "handling_on_time_pct",
    "callback_on_time_pct",
    "mean_satisfaction",
    "visits",
    "events_held",
    "escalations",
    "returns",
    "reopened",
    "days_open",
];

fn row(r: &RollupDto) -> Vec<String> {
    let cell = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    let f = &r.figures;
    [
        r.level.clone(),
        r.code.clone(),
        r.name.clone(),
        r.outlets.to_string(),
    ]
    .into_iter()
    .chain([r.mean_total, r.mean_supply, r.mean_use, r.mean_quality].map(cell))
    .chain([f.tickets_received.to_string()])
    .chain(
        [
            r.acceptance_on_time_pct,
            r.handling_on_time_pct,
            r.callback_on_time_pct,
            r.mean_satisfaction,
        ]
        .map(cell),
    )
    .chain(
        [
            f.visits,
            f.events_held,
            f.escalations,
            f.returns,
            f.reopened,
            f.days_open,
        ]
        .map(|n| n.to_string()),
    )
    .collect()
}

/// Scorecards rolled up by region and tier.
///
/// The outlets' evaluation rolled up per region and tier: figures added up,
/// rates from the sums and mean scores. JSON or CSV (admins, operators, auditors).
#[utoipa::path(tag = "evaluation", params(EvaluationQuery), security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "The roll-ups (CSV with `format=csv` or `Accept: text/csv`)", content((Rollups = "application/json"), (String = "text/csv"))),
    (status = 400, description = "Bad period, region or format", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not an admin, operator or auditor key", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/scorecards/rollups")]
pub async fn scorecard_rollups(
    _reader: StatsReader,
    req: HttpRequest,
    state: web::Data<AppState>,
    q: ValidQuery<EvaluationQuery>,
) -> Result<HttpResponse, AppError> {
    let ((from, to), cards) = evaluate(&state, &q.0).await?;
    let all = Rollups::new(&state.directory(), &cards, Lang::from_request(&req));
    if !wants_csv(&req, q.0.format) {
        return Ok(HttpResponse::Ok().json(all));
    }
    let rows = all.regions.iter().chain(&all.tiers).map(row).collect();
    Ok(csv(
        &COLUMNS,
        rows,
        &format!("scorecard-rollups-{from}-{to}.csv"),
    ))
}
