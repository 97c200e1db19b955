//! Open311 `POST requests`: a civic app submits a ticket for a citizen.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{post, web, HttpRequest, HttpResponse};

use crate::api::http::auth::{authenticate, client_of, Caller};
use crate::api::http::extract::{body_timeout, read_body};
use crate::api::open311::dto::Open311Created;
use crate::api::open311::format::{answer, internal};
use crate::api::open311::format::{respond, Failure};
use crate::api::open311::input::{parse_form, ticket};
use crate::domain::vocab::Role;
use crate::hotline::actor::Actor;
use crate::hotline::intake::{create, suggest_for, Created};
use crate::i18n::{Lang, Text};
use crate::state::AppState;

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
        Some(key) => authenticate(state.clone(), key.clone(), client_of(req))
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

/// The caller and the form: the key is checked first (403), then that the
/// body is a form (400).
async fn read(
    state: &AppState,
    req: &HttpRequest,
    body: &[u8],
) -> Result<(Caller, HashMap<String, String>), Failure> {
    let is_form = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let form = if is_form {
        parse_form(body)?
    } else {
        HashMap::new()
    };
    let caller = client(state, req, form.get("api_key")).await?;
    if !is_form {
        return Err(Failure::bad(
            "content-type",
            "须为 `application/x-www-form-urlencoded`",
            "must be application/x-www-form-urlencoded",
        ));
    }
    Ok((caller, form))
}

/// Submits a service request.
///
/// The request becomes a ticket (channel `open311`), referred at once when
/// the engine finds the competent outlet. Form-encoded; see the schema.
#[utoipa::path(tag = "open311", params(("format" = String, Path, pattern = "^(json|xml)$", description = "`json` or `xml`")),
    request_body(content = crate::api::open311::dto::Open311RequestForm, content_type = "application/x-www-form-urlencoded"), responses(
    (status = 201, description = "Taken in", content((Vec<Open311Created> = "application/json"), (Vec<Open311Created> = "text/xml"))),
    (status = 400, description = "A field is missing or invalid (named in the description)", content(([crate::api::open311::format::Open311Error] = "application/json"), ([crate::api::open311::format::Open311Error] = "text/xml"))),
    (status = 403, description = "`api_key` missing, invalid or not allowed", content(([crate::api::open311::format::Open311Error] = "application/json"), ([crate::api::open311::format::Open311Error] = "text/xml")))))]
#[post("/requests.{format}")]
pub async fn create_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    format: web::Path<String>,
    mut payload: web::Payload,
) -> HttpResponse {
    answer(&format, Lang::from_request(&req), |f| async move {
        let body = read_body(&mut payload, 64 * 1024, body_timeout(&req))
            .await
            .map_err(|e| {
                let (zh, en) = (e.problem(Lang::Zh), e.problem(Lang::En));
                let status = actix_web::ResponseError::status_code(&e);
                Failure::new(status, "body", Text::new(zh.detail, en.detail))
            })?;
        let (caller, form) = read(&state, &req, &body).await?;
        let now = state.now();
        let (new, referral) = {
            let dir = state.directory();
            let new = ticket(&form, &dir, now)?;
            let referral = suggest_for(&dir, &new);
            (new, referral)
        };
        let actor = Actor::from(&caller);
        let lang = Lang::from_request(&req);
        let notice = match &referral.outlet_id {
            Some(_) => referral.reason.get(lang).to_owned(),
            None => lang
                .pick("已登记，待热线分派", "logged; the hotline will refer it")
                .to_owned(),
        };
        let directory = state.directory_handle();
        let created = state
            .intake
            .run(move |conn| {
                create(
                    conn,
                    &directory,
                    (&new, &actor, &referral),
                    None,
                    |_, _, _| String::new(),
                    now,
                )
            })
            .await
            .map_err(internal)?;
        let Created::New(row, token, _) = created else {
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
