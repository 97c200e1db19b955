//! `GET /metrics`: Prometheus metrics in the text exposition format.

use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};

use crate::api::http::extract::ValidQuery;
use crate::api::http::params::NoQuery;
use crate::db;
use crate::directory::IndexedOutlet;
use crate::error::AppError;
use crate::metrics::Snapshot;
use crate::state::AppState;

/// The token scrapers must send, if one is configured (`IPR_METRICS_TOKEN`).
#[derive(Debug, Clone, Default)]
pub struct ScrapeToken(pub Option<String>);

fn authorized(req: &HttpRequest, token: Option<&ScrapeToken>) -> bool {
    let Some(expected) = token.and_then(|t| t.0.as_deref()) else {
        return true;
    };
    let sent = (req.headers().get(header::AUTHORIZATION))
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    // Compared in constant time: the token is a secret.
    sent.len() == expected.len()
        && sent
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

async fn snapshot(state: &AppState) -> Result<Snapshot, AppError> {
    let now = state.now().naive_utc();
    let mut s = state
        .db(move |conn| {
            Ok(Snapshot {
                tickets_by_state: db::metrics::tickets_by_state(conn)?,
                open_overdue: db::metrics::open_overdue(conn, now)?,
                outbox_pending: db::metrics::deliveries_in(conn, "pending")?,
                dead_letters: db::metrics::deliveries_in(conn, "dead")?,
                last_change: db::changes::last_seq(conn)?,
                ..Default::default()
            })
        })
        .await?;
    let dir = state.directory();
    s.outlets = dir.outlets.len() as i64;
    s.regions = dir.regions.len() as i64;
    s.spatial_index_bytes = dir.outlets.index_bytes() as i64;
    s.rendered_outlets = IndexedOutlet::kept_renderings() as i64;
    Ok(s)
}

/// Prometheus metrics.
///
/// In the text exposition format (OpenMetrics 1.0 when `Accept` asks for
/// `application/openmetrics-text`): `ipr_http_requests_total` and
/// `ipr_http_request_duration_seconds` by route pattern, method and status;
/// `ipr_db_pool_wait_seconds`; `ipr_tickets` by state,
/// `ipr_tickets_open_overdue`, `ipr_webhook_outbox_pending`,
/// `ipr_webhook_dead_letters`, `ipr_directory_outlets`,
/// `ipr_directory_regions`, `ipr_spatial_index_bytes`,
/// `ipr_directory_rendered_outlets` and
/// `ipr_change_log_lag`. Public unless `IPR_METRICS_TOKEN` is set; then
/// `Authorization: Bearer <token>` (not an API key).
#[utoipa::path(tag = "meta", responses(
    (status = 200, description = "The metrics", content_type = "text/plain", body = String,
        example = "# HELP ipr_http_requests_total HTTP requests answered.\n# TYPE ipr_http_requests_total counter\nipr_http_requests_total{route=\"/health\",method=\"GET\",status=\"200\"} 3\n"),
    (status = 401, description = "A scrape token is configured and was not sent", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/metrics")]
pub async fn metrics(
    req: HttpRequest,
    _query: ValidQuery<NoQuery>,
    state: web::Data<AppState>,
    token: Option<web::Data<ScrapeToken>>,
) -> Result<HttpResponse, AppError> {
    if !authorized(&req, token.as_ref().map(|t| t.get_ref())) {
        return Err(AppError::Unauthenticated);
    }
    let openmetrics = (req.headers().get(header::ACCEPT))
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/openmetrics-text"));
    let text = state.metrics.render(&snapshot(&state).await?, openmetrics);
    let kind = match openmetrics {
        true => "application/openmetrics-text; version=1.0.0; charset=utf-8",
        false => "text/plain; version=0.0.4; charset=utf-8",
    };
    Ok(HttpResponse::Ok().content_type(kind).body(text))
}
