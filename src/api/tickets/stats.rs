//! Hotline statistics for operators, administrators and auditors.

use actix_web::{get, web, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::http::auth::StatsReader;
use crate::api::http::extract::ValidQuery;
use crate::db;
use crate::error::AppError;
use crate::hotline::resolution::resolution;
use crate::hotline::stats::{report, StatsReport};
use crate::state::AppState;

type Problem = crate::error::Problem;

/// The period of a statistics request.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// Tickets received on or after this date (China Standard Time).
    pub from: Option<NaiveDate>,
    /// Tickets received on or before this date (China Standard Time).
    pub to: Option<NaiveDate>,
}

/// Ticket statistics.
///
/// Received, closed, on-time %, overdue now, mean handling working days and
/// mean satisfaction, per outlet and rolled up per tier and region, for the
/// tickets received in the period (default: all). No personal data.
#[utoipa::path(tag = "tickets", params(StatsQuery), security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "The statistics", body = StatsReport),
    (status = 403, description = "Outlet staff", body = Problem, content_type = "application/problem+json")))]
#[get("/stats/tickets")]
pub async fn ticket_stats(
    _reader: StatsReader,
    state: web::Data<AppState>,
    query: ValidQuery<StatsQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let period = (q.from, q.to);
    let now = state.now().naive_utc();
    let handle = state.directory_handle();
    let (sums, resolution) = state
        .db(move |conn| {
            let sums = db::stats::per_outlet(conn, now, period)?;
            Ok((sums, resolution(conn, &handle.read(), period)?))
        })
        .await?;
    let mut stats = report(&state.directory(), &sums);
    stats.resolution = resolution;
    Ok(HttpResponse::Ok().json(stats))
}
