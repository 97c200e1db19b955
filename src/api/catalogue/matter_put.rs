//! Publishing a matter's guide (admin): what `GET /matters/{code}` answers can
//! be sent back unchanged, and a replacement names the version it replaces.

use actix_web::http::header;
use actix_web::{put, web, HttpRequest, HttpResponse};
use chrono::Utc;

use crate::api::catalogue::matters::MatterDto;
use crate::api::http::auth::Admin;
use crate::api::http::etag;
use crate::api::http::extract::{parse_json, ValidJson};
use crate::directory::catalogue::MatterRecord;
use crate::directory::store::store_matter;
use crate::domain::audit::{Change, Who};
use crate::domain::matter::{check_code, MatterGuide};
use crate::error::AppError;
use crate::i18n::Text;
use crate::state::AppState;

type Problem = crate::error::Problem;

/// Fields of `GET /matters/{code}` that a PUT may carry back and that are not the guide's.
const READ_ONLY: [&str; 3] = ["code", "updated_at", "version"];

/// The guide of a PUT body: read-only fields are dropped (`code` must name this matter).
fn guide_of(code: &str, mut body: serde_json::Value) -> Result<MatterGuide, AppError> {
    if let Some(object) = body.as_object_mut() {
        if object.get("code").is_some_and(|c| c != code) {
            return Err(AppError::invalid(
                "code",
                Text::new(
                    "与路径中的事项代码不一致",
                    "differs from the matter code in the path",
                ),
            ));
        }
        for field in READ_ONLY {
            object.remove(field);
        }
    }
    parse_json(body.to_string().as_bytes())
}

/// Publishes or replaces a matter's guide and channels (admin).
///
/// The body is the guide, or a `GET /matters/{code}` answer sent back (its
/// `code`, `updated_at` and `version` are ignored). Replacing needs the ETag of
/// the last GET as `If-Match`.
#[utoipa::path(tag = "matters", params(("code" = String, Path, pattern = "^[a-z0-9_]{2,64}$", description = "Matter code: 2 to 64 lowercase letters, digits, underscores"), ("If-Match" = Option<String>, Header, description = "The ETag from the last GET; needed to replace a matter (428 without it, 412 when it is stale)")), request_body = MatterGuide, security(("api_key" = [])), responses(
    crate::api::http::responses::AdminOnly,
    (status = 200, description = "Replaced", body = MatterDto),
    (status = 201, description = "Created", body = MatterDto),
    (status = 412, description = "The matter changed since the ETag sent", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json"),
    (status = 428, description = "Replacing without If-Match", body = Problem, content_type = "application/problem+json")))]
#[put("/matters/{code}")]
pub async fn put_matter(
    req: HttpRequest,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    code: web::Path<String>,
    body: ValidJson<serde_json::Value>,
) -> Result<HttpResponse, AppError> {
    let code = code.into_inner();
    check_code(&code).map_err(|e| AppError::bad_request(e.field, e.reason))?;
    let guide = guide_of(&code, body.0)?;
    let (current, before) = {
        let dir = state.directory();
        guide
            .validate(|id| dir.outlets.get(id).is_some())
            .map_err(|e| AppError::invalid(e.field, e.reason))?;
        let existing = dir.catalogue.matters.get(&code);
        (
            existing.map(|m| m.version),
            existing.map(|m| m.guide.clone()),
        )
    };
    if let Some(version) = current {
        etag::check(etag::if_match(&req).as_deref(), version)?;
    }
    let record = MatterRecord {
        code: code.clone(),
        guide,
        updated_at: Utc::now(),
        version: current.unwrap_or(0) + 1,
    };
    let mut change = Change::new("matter.replace", "matter", &code).after(&record.guide);
    if let Some(b) = before {
        change = change.before(b);
    }
    store(&state, &record, current, (Who::from(&admin), change)).await?;
    let dto = MatterDto::from(&record);
    state.directory_mut().put_matter(record);
    let mut response = match current {
        Some(_) => HttpResponse::Ok(),
        None => HttpResponse::Created(),
    };
    Ok(response
        .insert_header((header::ETAG, etag::etag(dto.version)))
        .json(dto))
}

/// Writes the matter and its channels if nobody replaced it meanwhile.
async fn store(
    state: &AppState,
    record: &MatterRecord,
    current: Option<i64>,
    (who, change): (Who, Change),
) -> Result<(), AppError> {
    let record = record.clone();
    state
        .write(move |conn| store_matter(conn, (&record, current), (&who, &change)))
        .await
}
