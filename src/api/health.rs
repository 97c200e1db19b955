//! Liveness.

use actix_web::{get, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

/// Liveness answer.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always `ok`.
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// Liveness probe: 200 while the process serves requests.
#[utoipa::path(tag = "meta", responses((status = 200, description = "Serving", body = Health)))]
#[get("/health")]
pub async fn health() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}
