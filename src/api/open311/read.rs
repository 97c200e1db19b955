//! Open311 GeoReport v2 under `/open311/v2`, in JSON and XML: ticket
//! categories as services, tickets as service requests. Errors are Open311
//! error arrays, not problem documents, because Open311 clients expect them.

use actix_web::http::StatusCode;
use actix_web::{get, web, HttpRequest, HttpResponse};

use crate::api::open311::dto::{Open311Query, Open311Token};
use crate::api::open311::format::{answer, internal, respond, Failure};
use crate::api::open311::services::{definition, services};
use crate::api::open311::view::{filter, requests, visibility};
use crate::db;
use crate::db::open311::RequestFilter;
use crate::domain::ticket::TicketCategory;
use crate::i18n::{Lang, Text};
use crate::keys::hash_key;
use crate::state::AppState;

/// Ticket categories as Open311 services, named in the `Accept-Language` language.
#[utoipa::path(tag = "open311", params(("format" = String, Path, pattern = "^(json|xml)$", description = "`json` or `xml`")), responses(
    (status = 200, description = "The services", content(([crate::api::open311::dto::Open311Service] = "application/json"), ([crate::api::open311::dto::Open311Service] = "text/xml"))),
    (status = 404, description = "Unknown format", content(([crate::api::open311::format::Open311Error] = "application/json"), ([crate::api::open311::format::Open311Error] = "text/xml")))))]
#[get("/services.{format}")]
pub async fn list_services(req: HttpRequest, format: web::Path<String>) -> HttpResponse {
    answer(&format, Lang::from_request(&req), |f| async move {
        Ok(respond(
            f,
            StatusCode::OK,
            "services",
            &services(Lang::from_request(&req)),
        ))
    })
    .await
}

/// The intake form of a service: the attributes to send as `attribute[code]`.
#[utoipa::path(tag = "open311", params(("code" = crate::domain::ticket::TicketCategory, Path, description = "Service code"), ("format" = String, Path, pattern = "^(json|xml)$", description = "`json` or `xml`")), responses(
    (status = 200, description = "The service definition", content((crate::api::open311::dto::Open311ServiceDefinition = "application/json"), (crate::api::open311::dto::Open311ServiceDefinition = "text/xml"))),
    (status = 404, description = "No such service", content(([crate::api::open311::format::Open311Error] = "application/json"), ([crate::api::open311::format::Open311Error] = "text/xml")))))]
#[get("/services/{code}.{format}")]
pub async fn service_definition(
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let (code, ext) = path.into_inner();
    answer(&ext, Lang::from_request(&req), |f| async move {
        if code.parse::<TicketCategory>().is_err() {
            let reason = Text::new("没有此服务", "no such service");
            return Err(Failure::new(StatusCode::NOT_FOUND, "service_code", reason));
        }
        let body = definition(&code, Lang::from_request(&req));
        Ok(respond(f, StatusCode::OK, "service_definition", &body))
    })
    .await
}

/// Service requests, newest first: by id, or filtered (default: the last 90 days, at most 1,000).
///
/// No personal data, text or position is shown.
#[utoipa::path(tag = "open311", params(("format" = String, Path, pattern = "^(json|xml)$", description = "`json` or `xml`"), Open311Query), responses(
    (status = 200, description = "The requests", content(([crate::api::open311::dto::Open311Request] = "application/json"), ([crate::api::open311::dto::Open311Request] = "text/xml"))),
    (status = 400, description = "Invalid filter", content(([crate::api::open311::format::Open311Error] = "application/json"), ([crate::api::open311::format::Open311Error] = "text/xml"))),
    (status = 403, description = "`api_key` invalid or revoked", content(([crate::api::open311::format::Open311Error] = "application/json"), ([crate::api::open311::format::Open311Error] = "text/xml"))),
    (status = 404, description = "Unknown format", content(([crate::api::open311::format::Open311Error] = "application/json"), ([crate::api::open311::format::Open311Error] = "text/xml")))))]
#[get("/requests.{format}")]
pub async fn list_requests(
    req: HttpRequest,
    state: web::Data<AppState>,
    format: web::Path<String>,
) -> HttpResponse {
    answer(&format, Lang::from_request(&req), |f| async move {
        let mut filter = filter(req.query_string(), state.now())?;
        filter.visibility = visibility(&state, &req).await?;
        Ok(respond(
            f,
            StatusCode::OK,
            "service_requests",
            &requests(&state, &req, filter).await?,
        ))
    })
    .await
}

/// One service request by tracking number.
#[utoipa::path(tag = "open311", params(("id" = String, Path, pattern = "^[0-9]{8}-[0-9]{6,7}$", description = "Tracking number"), ("format" = String, Path, pattern = "^(json|xml)$", description = "`json` or `xml`")), responses(
    (status = 200, description = "The request, in a list of one", content(([crate::api::open311::dto::Open311Request] = "application/json"), ([crate::api::open311::dto::Open311Request] = "text/xml"))),
    (status = 404, description = "No such request", content(([crate::api::open311::format::Open311Error] = "application/json"), ([crate::api::open311::format::Open311Error] = "text/xml")))))]
#[get("/requests/{id}.{format}")]
pub async fn get_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let (id, ext) = path.into_inner();
    answer(&ext, Lang::from_request(&req), |f| async move {
        // Tracking numbers are digits and a hyphen: another id names no request
        // (and one with a NUL character could not even be looked up on PostgreSQL).
        let trackable = id.bytes().all(|b| b.is_ascii_digit() || b == b'-');
        let filter = RequestFilter {
            tracking_numbers: Some(vec![id]),
            limit: 1,
            visibility: visibility(&state, &req).await?,
            ..Default::default()
        };
        let found = match trackable {
            true => requests(&state, &req, filter).await?,
            false => Vec::new(),
        };
        if found.is_empty() {
            let reason = Text::new("没有此诉求", "no such request");
            return Err(Failure::new(
                StatusCode::NOT_FOUND,
                "service_request_id",
                reason,
            ));
        }
        Ok(respond(f, StatusCode::OK, "service_requests", &found))
    })
    .await
}

/// The request id behind a token returned at submission.
#[utoipa::path(tag = "open311", params(("token" = String, Path, pattern = "^[0-9a-f]{48}$", description = "The token from `POST requests`"), ("format" = String, Path, pattern = "^(json|xml)$", description = "`json` or `xml`")), responses(
    (status = 200, description = "The request id, in a list of one", content((Vec<Open311Token> = "application/json"), (Vec<Open311Token> = "text/xml"))),
    (status = 404, description = "No such token", content(([crate::api::open311::format::Open311Error] = "application/json"), ([crate::api::open311::format::Open311Error] = "text/xml")))))]
#[get("/tokens/{token}.{format}")]
pub async fn get_token(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let (token, ext) = path.into_inner();
    answer(&ext, Lang::from_request(&req), |f| async move {
        let hash = hash_key(&token);
        let row = state
            .db(move |conn| Ok(db::open311::find_by_token_hash(conn, &hash)?))
            .await
            .map_err(internal)?
            .ok_or_else(|| {
                Failure::new(
                    StatusCode::NOT_FOUND,
                    "token",
                    Text::new("没有此令牌", "no such token"),
                )
            })?;
        let body = [Open311Token {
            service_request_id: row.tracking_number,
            token,
        }];
        Ok(respond(f, StatusCode::OK, "service_requests", &body))
    })
    .await
}
