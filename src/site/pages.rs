//! The HTML pages: one template each, with the language (from `?lang=`, else
//! `Accept-Language` as in the API) and the map's settings filled in.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::config::MapConfig;
use crate::i18n::Lang;

const FINDER: &str = include_str!("assets/finder.html");
const OUTLET: &str = include_str!("assets/outlet.html");
const FILE: &str = include_str!("assets/file.html");
const STATUS: &str = include_str!("assets/status.html");
const CONSOLE: &str = include_str!("assets/console.html");

/// Escapes text for an HTML attribute.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The page's language: `?lang=zh|en` wins, then `Accept-Language`.
fn lang_of(req: &HttpRequest) -> &'static str {
    let asked =
        web::Query::<std::collections::HashMap<String, String>>::from_query(req.query_string())
            .ok()
            .and_then(|q| q.get("lang").cloned());
    match asked.as_deref() {
        Some("en") => "en",
        Some("zh") => "zh",
        _ => match Lang::from_request(req) {
            Lang::En => "en",
            Lang::Zh => "zh",
        },
    }
}

fn render(req: &HttpRequest, template: &str) -> HttpResponse {
    let map = req.app_data::<web::Data<MapConfig>>();
    let tiles = map.is_some_and(|m| m.tiles.is_some());
    let attribution = map.and_then(|m| m.attribution.clone()).unwrap_or_default();
    let coord_sys = map
        .and_then(|m| m.coord_sys.clone())
        .unwrap_or_else(|| "wgs84".into());
    let body = template
        .replace("{{lang}}", lang_of(req))
        .replace("{{tiles}}", if tiles { "on" } else { "off" })
        .replace("{{attribution}}", &escape(&attribution))
        .replace("{{coord_sys}}", &escape(&coord_sys));
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header((header::VARY, "Accept-Language"))
        .body(body)
}

/// The citizen finder: nearest outlets, who is responsible here.
pub async fn finder(req: HttpRequest) -> HttpResponse {
    render(&req, FINDER)
}

/// An outlet's page: hours for 14 days and its service matters.
pub async fn outlet(req: HttpRequest) -> HttpResponse {
    render(&req, OUTLET)
}

/// Filing an enquiry, a complaint or a listing correction.
pub async fn file(req: HttpRequest) -> HttpResponse {
    render(&req, FILE)
}

/// A ticket's status by tracking number and token.
pub async fn status(req: HttpRequest) -> HttpResponse {
    render(&req, STATUS)
}

/// The operator console: queue, ticket, statistics.
pub async fn console(req: HttpRequest) -> HttpResponse {
    render(&req, CONSOLE)
}
