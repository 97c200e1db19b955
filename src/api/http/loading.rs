//! While the directory loads at start, the API answers 503 (`not_ready`,
//! with `Retry-After`); `/health`, `/ready` and `/metrics` answer at once,
//! so orchestrators see the replica alive and not yet ready.

use actix_web::dev::ServiceRequest;
use actix_web::web;

use crate::error::AppError;
use crate::i18n::Text;
use crate::state::AppState;

/// Paths that answer while the directory loads.
const ALWAYS: [&str; 3] = ["/health", "/ready", "/metrics"];

/// The refusal of an API request while the directory loads.
pub fn refusal(req: &ServiceRequest) -> Option<AppError> {
    let loading = (req.app_data::<web::Data<AppState>>()).is_some_and(|s| !s.is_loaded());
    (loading && !ALWAYS.contains(&req.path())).then(|| {
        let reason = Text::new(
            "服务正在启动，网点目录载入中",
            "starting: the directory is loading",
        );
        AppError::Unavailable { reason }
    })
}
