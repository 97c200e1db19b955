//! Programmes on the network: the pool of service commissioners (服务专员)
//! and special envoys (特派员), service targets, assignments, visits and their
//! rules, archives and evaluations, tickets handed to commissioners, and the
//! public counts per region.

pub mod archive;
pub mod assignments;
pub mod compliance;
pub mod dto;
pub mod handovers;
pub mod people;
pub mod region_sets;
pub mod summary;
pub mod targets;
pub mod visits;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use chrono::NaiveDate;

use crate::api::http::auth::{Caller, ProgrammeCaller};
use crate::db;
use crate::db::security::AccessRow;
use crate::domain::calendar::local_date;
use crate::error::AppError;
use crate::programmes::access::Actor;
use crate::state::AppState;

impl ProgrammeCaller {
    /// The caller as a programme actor.
    pub fn actor(&self) -> Result<Actor, AppError> {
        actor(&self.0)
    }
}

/// A key's programme actor.
pub fn actor(c: &Caller) -> Result<Actor, AppError> {
    Actor::of(c.role, &c.key_id, c.person_id.as_deref())
}

/// Today in China by the service's clock.
pub fn today(state: &AppState) -> NaiveDate {
    local_date(state.now())
}

/// Logs full views of people's contacts (shares the intake's commit).
pub async fn log_views(state: &AppState, log: Vec<AccessRow>) -> Result<(), AppError> {
    if log.is_empty() {
        return Ok(());
    }
    state
        .intake
        .run(move |conn| Ok(db::security::log_access(conn, &log)?))
        .await
}

/// Whether the request asks for CSV (`Accept: text/csv` or `format=csv`).
pub fn wants_csv(req: &HttpRequest, format: Option<&str>) -> bool {
    let accept = (req.headers().get(header::ACCEPT))
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    format == Some("csv") || (format.is_none() && accept.contains("text/csv"))
}

/// A CSV answer (UTF-8 with a BOM so spreadsheets read the Chinese).
pub fn csv(columns: &[&str], rows: Vec<Vec<String>>, file: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file}\""),
        ))
        .body(crate::exchange::table::write(columns, rows))
}
