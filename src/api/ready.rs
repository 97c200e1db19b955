//! Readiness: whether this replica can serve (load balancers and rolling
//! restarts route by it); `/health` stays the liveness check.

use std::time::Duration;

use actix_web::{get, web, HttpResponse};
use diesel::RunQueryDsl;
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::http::extract::ValidQuery;
use crate::api::http::params::NoQuery;
use crate::db;
use crate::error::AppError;
use crate::i18n::Text;
use crate::state::AppState;

/// Ready answer.
#[derive(Serialize, ToSchema)]
pub struct Ready {
    /// Always `ready`.
    #[schema(example = "ready")]
    pub status: &'static str,
}

/// What is missing, if anything: the database, migrations, or the directory.
async fn missing(state: &AppState) -> Option<Text> {
    let pool = state.pool.clone();
    let database = web::block(move || -> anyhow::Result<bool> {
        let mut conn = pool.get_timeout(Duration::from_secs(2))?;
        diesel::sql_query("SELECT 1").execute(&mut *conn)?;
        db::pending_migrations(&mut conn)
    })
    .await
    .map_err(anyhow::Error::from)
    .and_then(|answer| answer);
    match database {
        Ok(false) => {}
        Ok(true) => {
            return Some(Text::new(
                "数据库迁移尚未执行",
                "database migrations are pending",
            ))
        }
        Err(e) => {
            tracing::warn!(error = %e, "readiness: the database does not answer");
            return Some(Text::new("数据库无应答", "the database does not answer"));
        }
    }
    (!state.is_loaded()).then(|| Text::new("网点目录尚未载入", "the directory is not loaded"))
}

/// Readiness probe.
///
/// Readiness probe: 200 when the database answers, every migration is
/// applied and the directory is loaded; 503 naming what is missing otherwise.
#[utoipa::path(tag = "meta", responses(
    (status = 200, description = "Ready", body = Ready),
    (status = 503, description = "Not ready; the detail says why", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/ready")]
pub async fn ready(
    _query: ValidQuery<NoQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    match missing(&state).await {
        None => Ok(HttpResponse::Ok().json(Ready { status: "ready" })),
        Some(reason) => Err(AppError::Unavailable { reason }),
    }
}
