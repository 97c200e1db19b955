//! Response hardening and request logs without personal data.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::HttpMessage;

use crate::api::http::auth::{client_of, Caller};
use crate::metrics::RequestLabels;
use crate::state::AppState;

/// Swagger UI needs its own scripts and styles; everything else is data.
const DOCS_CSP: &str =
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'";
const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'";
/// The web pages: everything from this server only, no inline script or style.
const PAGES_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; \
     connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// Adds security headers; ticket responses (personal data) are never cached.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let path = req.path().to_owned();
    let mut res = next.call(req).await?;
    let h = res.headers_mut();
    let csp = if path.starts_with("/docs") {
        DOCS_CSP
    } else if crate::site::is_page(&path) {
        PAGES_CSP
    } else {
        API_CSP
    };
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(csp),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if path.starts_with("/api/v1/tickets")
        || path.starts_with("/api/v1/audit")
        || path.starts_with("/api/v1/keys")
        || path.starts_with("/api/v1/webhooks")
        || path.starts_with("/open311/v2/tokens")
    {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(res)
}

/// The caller's `X-Request-Id` when it is a sane one (1 to 128 visible ASCII
/// characters), else a new one.
fn request_id(req: &ServiceRequest) -> String {
    (req.headers().get("x-request-id"))
        .and_then(|v| v.to_str().ok())
        .filter(|v| (1..=128).contains(&v.len()) && v.chars().all(|c| c.is_ascii_graphic()))
        .map_or_else(|| uuid::Uuid::now_v7().to_string(), str::to_owned)
}

/// Logs the request id (echoed as `X-Request-Id`), method, route pattern,
/// path (never the query string, which can carry tokens or phone numbers;
/// status tokens in Open311 paths are redacted), status, duration, the key id
/// and the client address.
pub async fn access_log(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let (method, started) = (req.method().clone(), Instant::now());
    let id = request_id(&req);
    // Only what the log line needs is gathered when it is written at all
    // (it was a few per cent of a nearest answer's time with logging off).
    let logged = tracing::enabled!(tracing::Level::INFO);
    // The same client address the limits use (behind proxies, not the proxy's).
    let (path, client) = match logged {
        true => (redact(req.path()), client_of(req.request())),
        false => Default::default(),
    };
    let mut res = next.call(req).await?;
    let route = res.request().match_pattern().unwrap_or_else(|| "-".into());
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut()
            .insert(header::HeaderName::from_static("x-request-id"), value);
    }
    let elapsed = started.elapsed();
    if let Some(state) = res.request().app_data::<actix_web::web::Data<AppState>>() {
        let labels = RequestLabels {
            route: route.clone(),
            method: method.to_string(),
            status: res.status().as_u16(),
        };
        state.metrics.observe_request(labels, elapsed);
    }
    if !logged {
        return Ok(res);
    }
    let key = (res.request().extensions().get::<Caller>()).map(|c| c.key_id.clone());
    let ms = elapsed.as_secs_f64() * 1000.0;
    tracing::info!(
        request_id = %id, %method, %route, %path, status = res.status().as_u16(),
        ms = format!("{ms:.1}"), key = key.as_deref().unwrap_or("-"), %client, "request"
    );
    Ok(res)
}

/// The path with secrets in it replaced: `/open311/v2/tokens/<token>.json`.
fn redact(path: &str) -> String {
    match path.split_once("/tokens/") {
        Some((head, tail)) => {
            let ext = tail.rfind('.').map_or("", |i| &tail[i..]);
            format!("{head}/tokens/…{ext}")
        }
        None => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn status_tokens_never_reach_the_log() {
        let logged = super::redact("/open311/v2/tokens/4a4d7a54fd8c4bbb.json");
        assert_eq!(logged, "/open311/v2/tokens/….json");
        assert_eq!(super::redact("/api/v1/outlets/abc"), "/api/v1/outlets/abc");
    }
}
