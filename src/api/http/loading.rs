//! While the directory loads at start, the API answers 503 (`not_ready`,
//! with `Retry-After`); `/health`, `/ready` and `/metrics` answer at once,
//! so orchestrators see the replica alive and not yet ready.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;

use crate::error::AppError;
use crate::i18n::Text;
use crate::state::AppState;

/// Paths that answer while the directory loads.
const ALWAYS: [&str; 3] = ["/health", "/ready", "/metrics"];

/// Refuses API requests until the directory is in memory.
pub async fn until_loaded(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let loading = (req.app_data::<web::Data<AppState>>()).is_some_and(|s| !s.is_loaded());
    if loading && !ALWAYS.contains(&req.path()) {
        let reason = Text::new(
            "服务正在启动，网点目录载入中",
            "starting: the directory is loading",
        );
        return Ok(req.error_response(AppError::Unavailable { reason }));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}
