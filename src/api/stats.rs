//! Hotline statistics for operators, administrators and auditors.

use actix_web::dev::Payload;
use actix_web::{get, web, FromRequest, HttpRequest, HttpResponse};
use chrono::Utc;
use futures_util::future::LocalBoxFuture;

use super::auth::Caller;
use crate::db;
use crate::domain::vocab::Role;
use crate::error::AppError;
use crate::hotline::stats::{report, StatsReport};
use crate::state::AppState;

type Problem = crate::error::Problem;

/// A caller who may read statistics: admin, operator or auditor.
pub struct StatsReader;

impl FromRequest for StatsReader {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let caller = Caller::from_request(req, payload);
        Box::pin(async move {
            match caller.await?.role {
                Role::Admin | Role::Operator | Role::Auditor => Ok(StatsReader),
                Role::OutletStaff => Err(AppError::Forbidden),
            }
        })
    }
}

/// Received, closed, on-time %, overdue now, mean handling working days and
/// mean satisfaction, per outlet and rolled up per tier and region. No personal data.
#[utoipa::path(tag = "tickets", security(("api_key" = [])), responses(
    (status = 200, description = "The statistics", body = StatsReport),
    (status = 401, description = "No valid key", body = Problem, content_type = "application/problem+json"),
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
    let stats = report(&state.directory(), &tickets, &events, Utc::now());
    Ok(HttpResponse::Ok().json(stats))
}
