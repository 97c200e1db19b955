//! Open311 GeoReport v2 under `/open311/v2`, in JSON and XML: ticket
//! categories as services, tickets as service requests. Errors are Open311
//! error arrays, not problem documents, because Open311 clients expect them.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Duration, Utc};

use super::auth::{authenticate, hash_key, Caller};
use super::open311_dto::{definition, services, Open311Created, Open311Query, Open311Token};
use super::open311_format::{respond, Failure, Format};
use super::open311_input::{parse_form, ticket};
use super::open311_view::request;
use crate::db;
use crate::db::open311::RequestFilter;
use crate::domain::ticket::TicketCategory;
use crate::domain::vocab::Role;
use crate::hotline::intake::{create, suggest, Actor, Created};
use crate::i18n::{Lang, Text};
use crate::state::AppState;

type Errors = Vec<super::open311_format::Open311Error>;
type Services = Vec<super::open311_dto::Open311Service>;
type Requests = Vec<super::open311_dto::Open311Request>;

/// Runs a handler body and renders its failure as an error array in `format`
/// (`.json` when the extension itself is unknown).
async fn answer<F>(ext: &str, lang: Lang, body: impl FnOnce(Format) -> F) -> HttpResponse
where
    F: std::future::Future<Output = Result<HttpResponse, Failure>>,
{
    let Some(format) = Format::parse(ext) else {
        let reason = Text::new("仅支持 .json 与 .xml", "only .json and .xml are served");
        return Failure::new(StatusCode::NOT_FOUND, "format", reason).render(Format::Json, lang);
    };
    match body(format).await {
        Ok(res) => res,
        Err(f) => f.render(format, lang),
    }
}

fn internal(e: impl std::fmt::Display) -> Failure {
    tracing::error!(error = %e, "open311 request failed");
    let reason = Text::new("服务器内部错误", "internal error");
    Failure::new(StatusCode::INTERNAL_SERVER_ERROR, "server", reason)
}

/// Ticket categories as Open311 services, named in the `Accept-Language` language.
#[utoipa::path(tag = "open311", params(("format" = String, Path, description = "`json` or `xml`")), responses(
    (status = 200, description = "The services", content((Services = "application/json"), (Services = "text/xml"))),
    (status = 404, description = "Unknown format", body = Errors)))]
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
#[utoipa::path(tag = "open311", params(("code" = String, Path, description = "Service code"), ("format" = String, Path, description = "`json` or `xml`")), responses(
    (status = 200, description = "The service definition", content((super::open311_dto::Open311ServiceDefinition = "application/json"), (super::open311_dto::Open311ServiceDefinition = "text/xml"))),
    (status = 404, description = "No such service", body = Errors)))]
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

/// The client behind `api_key` (or `Authorization: Bearer`): admins,
/// operators and Open311 client keys may submit; anyone else gets a 403.
async fn client(
    state: &AppState,
    req: &HttpRequest,
    api_key: Option<&String>,
) -> Result<Caller, Failure> {
    let forbidden =
        |zh: &str, en: &str| Failure::new(StatusCode::FORBIDDEN, "api_key", Text::new(zh, en));
    let caller = match api_key {
        Some(key) => authenticate(state.clone(), key.clone())
            .await
            .map_err(|_| forbidden("无效或已吊销", "invalid or revoked"))?,
        None => actix_web::HttpMessage::extensions(req)
            .get::<Caller>()
            .cloned()
            .ok_or_else(|| forbidden("必填", "required"))?,
    };
    match caller.role {
        Role::Admin | Role::Operator | Role::Open311Client => Ok(caller),
        _ => Err(forbidden(
            "此密钥不能提交诉求",
            "this key may not submit requests",
        )),
    }
}

/// Submits a service request (a ticket, channel `open311`), referred at once
/// when the engine finds the competent outlet. Form-encoded; see the schema.
#[utoipa::path(tag = "open311", params(("format" = String, Path, description = "`json` or `xml`")),
    request_body(content = super::open311_dto::Open311RequestForm, content_type = "application/x-www-form-urlencoded"), responses(
    (status = 201, description = "Taken in", content((Vec<Open311Created> = "application/json"), (Vec<Open311Created> = "text/xml"))),
    (status = 400, description = "A field is missing or invalid (named in the description)", body = Errors),
    (status = 403, description = "`api_key` missing, invalid or not allowed", body = Errors)))]
#[post("/requests.{format}")]
pub async fn create_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    format: web::Path<String>,
    body: web::Bytes,
) -> HttpResponse {
    answer(&format, Lang::from_request(&req), |f| async move {
        let is_form = req
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        let form = if is_form {
            parse_form(&body)?
        } else {
            Default::default()
        };
        let caller = client(&state, &req, form.get("api_key")).await?;
        if !is_form {
            return Err(Failure::bad(
                "content-type",
                "须为 application/x-www-form-urlencoded",
                "must be application/x-www-form-urlencoded",
            ));
        }
        let now = Utc::now();
        let (new, referral) = {
            let dir = state.directory();
            let new = ticket(&form, &dir, now)?;
            let referral = suggest(
                &dir,
                new.kind,
                new.category,
                new.location,
                new.region_code.as_deref(),
            );
            (new, referral)
        };
        let actor = Actor {
            key_id: Some(caller.key_id.clone()),
            role: caller.role.as_str().into(),
        };
        let notice = match &referral.outlet_id {
            Some(_) => referral.reason.get(Lang::from_request(&req)).to_owned(),
            None => Lang::from_request(&req)
                .pick("已登记，待热线分派", "logged; the hotline will refer it")
                .to_owned(),
        };
        let created = state
            .write(move |conn| {
                create(
                    conn,
                    (&new, &actor, &referral),
                    None,
                    |_, _| String::new(),
                    now,
                )
            })
            .await
            .map_err(internal)?;
        let Created::New(row, token) = created else {
            return Err(internal(
                "a request without an idempotency key was replayed",
            ));
        };
        let body = [Open311Created {
            service_request_id: row.tracking_number,
            token,
            service_notice: notice,
            account_id: None,
        }];
        Ok(respond(f, StatusCode::CREATED, "service_requests", &body))
    })
    .await
}

fn date(value: Option<&String>, field: &str) -> Result<Option<DateTime<Utc>>, Failure> {
    value
        .map(|v| {
            DateTime::parse_from_rfc3339(v)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| {
                    Failure::bad(
                        field,
                        "须为带时区的 W3C 日期时间",
                        "must be a W3C date-time with an offset",
                    )
                })
        })
        .transpose()
}

fn list(value: Option<&String>) -> Option<Vec<String>> {
    value.map(|v| {
        v.split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    })
}

/// Reads the filters of `GET requests`.
fn filter(query: &str, now: DateTime<Utc>) -> Result<RequestFilter, Failure> {
    let q: Open311Query = serde_urlencoded::from_str(query).map_err(|e| {
        Failure::new(
            StatusCode::BAD_REQUEST,
            "query",
            Text::new(e.to_string(), e.to_string()),
        )
    })?;
    let closed = match q
        .status
        .as_deref()
        .map(|s| s.split(',').map(str::trim).collect::<Vec<_>>())
    {
        None => None,
        Some(s) if s.iter().all(|v| matches!(*v, "open" | "closed")) => {
            match (s.contains(&"open"), s.contains(&"closed")) {
                (true, false) => Some(false),
                (false, true) => Some(true),
                _ => None,
            }
        }
        Some(_) => {
            return Err(Failure::bad(
                "status",
                "须为 open 或 closed",
                "must be open or closed",
            ))
        }
    };
    let to = date(q.end_date.as_ref(), "end_date")?.unwrap_or(now + Duration::seconds(1));
    let from = date(q.start_date.as_ref(), "start_date")?.unwrap_or(to - Duration::days(90));
    if from > to {
        return Err(Failure::bad(
            "start_date",
            "不能晚于 end_date",
            "may not be after end_date",
        ));
    }
    Ok(RequestFilter {
        tracking_numbers: list(q.service_request_id.as_ref()),
        categories: list(q.service_code.as_ref()),
        from: Some(from.naive_utc()),
        to: Some(to.naive_utc()),
        closed,
        limit: 1000,
    })
}

/// Loads tickets with their histories and shows them as requests.
async fn requests(
    state: &AppState,
    req: &HttpRequest,
    f: RequestFilter,
) -> Result<Requests, Failure> {
    let (rows, events) = state
        .db(move |conn| {
            let rows = db::open311::requests(conn, &f)?;
            let ids: Vec<String> = rows.iter().map(|t| t.id.clone()).collect();
            Ok((rows, db::tickets::events_of(conn, &ids)?))
        })
        .await
        .map_err(internal)?;
    let (dir, lang, now) = (state.directory(), Lang::from_request(req), Utc::now());
    Ok(rows
        .iter()
        .map(|t| {
            let history: Vec<_> = events
                .iter()
                .filter(|e| e.ticket_id == t.id)
                .cloned()
                .collect();
            request(&dir, t, &history, lang, now)
        })
        .collect())
}

/// Service requests, newest first: by id, or filtered (default: the last 90
/// days, at most 1,000). No personal data, text or position is shown.
#[utoipa::path(tag = "open311", params(("format" = String, Path, description = "`json` or `xml`"), Open311Query), responses(
    (status = 200, description = "The requests", content((Requests = "application/json"), (Requests = "text/xml"))),
    (status = 400, description = "Invalid filter", body = Errors)))]
#[get("/requests.{format}")]
pub async fn list_requests(
    req: HttpRequest,
    state: web::Data<AppState>,
    format: web::Path<String>,
) -> HttpResponse {
    answer(&format, Lang::from_request(&req), |f| async move {
        let filter = filter(req.query_string(), Utc::now())?;
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
#[utoipa::path(tag = "open311", params(("id" = String, Path, description = "Tracking number"), ("format" = String, Path, description = "`json` or `xml`")), responses(
    (status = 200, description = "The request, in a list of one", content((Requests = "application/json"), (Requests = "text/xml"))),
    (status = 404, description = "No such request", body = Errors)))]
#[get("/requests/{id}.{format}")]
pub async fn get_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let (id, ext) = path.into_inner();
    answer(&ext, Lang::from_request(&req), |f| async move {
        let filter = RequestFilter {
            tracking_numbers: Some(vec![id]),
            limit: 1,
            ..Default::default()
        };
        let found = requests(&state, &req, filter).await?;
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
#[utoipa::path(tag = "open311", params(("token" = String, Path, description = "The token from `POST requests`"), ("format" = String, Path, description = "`json` or `xml`")), responses(
    (status = 200, description = "The request id, in a list of one", content((Vec<Open311Token> = "application/json"), (Vec<Open311Token> = "text/xml"))),
    (status = 404, description = "No such token", body = Errors)))]
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
