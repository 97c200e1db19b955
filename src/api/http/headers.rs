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

/// Paths whose answers carry personal data or secrets: never cached.
const NO_STORE: [&str; 5] = [
    "/api/v1/tickets",
    "/api/v1/audit",
    "/api/v1/keys",
    "/api/v1/webhooks",
    "/open311/v2/tokens",
];

/// Adds security headers; ticket responses (personal data) are never cached.
pub fn secure<B>(res: &mut ServiceResponse<B>) {
    let path = res.request().path();
    let csp = if path.starts_with("/docs") {
        DOCS_CSP
    } else if crate::site::is_page(path) {
        PAGES_CSP
    } else {
        API_CSP
    };
    let personal = NO_STORE.iter().any(|p| path.starts_with(p));
    let h = res.headers_mut();
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
    if personal {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
}

/// The header that carries a request's id, taken from the caller or added.
const REQUEST_ID: header::HeaderName = header::HeaderName::from_static("x-request-id");

/// The caller's `X-Request-Id` when it is a sane one (1 to 128 visible ASCII
/// characters), else a new one.
fn request_id(req: &ServiceRequest) -> HeaderValue {
    let sane = |v: &&HeaderValue| {
        (1..=128).contains(&v.len()) && v.as_bytes().iter().all(u8::is_ascii_graphic)
    };
    match req.headers().get(REQUEST_ID).filter(sane) {
        Some(sent) => sent.clone(),
        None => {
            let mut buf = uuid::Uuid::encode_buffer();
            let id = uuid::Uuid::now_v7().hyphenated().encode_lower(&mut buf);
            HeaderValue::from_str(id).expect("a UUID is a valid header value")
        }
    }
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
    res.headers_mut().insert(REQUEST_ID, id);
    let elapsed = started.elapsed();
    let labels = RequestLabels {
        route: res.request().match_pattern().unwrap_or_else(|| "-".into()),
        method: method.as_str().to_owned(),
        status: res.status().as_u16(),
    };
    if let Some(state) = res.request().app_data::<actix_web::web::Data<AppState>>() {
        state.metrics.observe_request(&labels, elapsed);
    }
    if !logged {
        return Ok(res);
    }
    let key = (res.request().extensions().get::<Caller>()).map(|c| c.key_id.clone());
    let request_id = (res.headers().get(REQUEST_ID)).and_then(|v| v.to_str().ok());
    let (route, ms) = (&labels.route, elapsed.as_secs_f64() * 1000.0);
    tracing::info!(
        request_id = request_id.unwrap_or("-"), %method, %route, %path, status = labels.status,
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
