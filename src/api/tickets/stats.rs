//! Hotline statistics for operators, administrators and auditors.

use actix_web::{get, web, HttpResponse};

use crate::api::http::auth::StatsReader;
use crate::db;
use crate::error::AppError;
use crate::hotline::stats::{report, StatsReport};
use crate::state::AppState;

type Problem = crate::error::Problem;

/// Received, closed, on-time %, overdue now, mean handling working days and
/// mean satisfaction, per outlet and rolled up per tier and region. No personal data.
#[utoipa::path(tag = "tickets", security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "The statistics", body = StatsReport),
    (status = 403, description = "Outlet staff", body = Problem, content_type = "application/problem+json")))]
#[get("/stats/tickets")]
pub async fn ticket_stats(
    _reader: StatsReader,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (tickets, events) = state
        .db(|conn| {
            let tickets = db::tickets::all(conn)?;
            let events = db::tickets::all_events(conn)?;
            Ok((tickets, events))
        })
        .await?;
    let stats = report(&state.directory(), &tickets, &events, state.now());
    Ok(HttpResponse::Ok().json(stats))
}
