//! Named sets of regions, e.g. Zhejiang's mountain and island counties (山区海岛县).

use actix_web::{get, put, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::http::auth::HotlineDesk;
use crate::api::http::extract::{ValidJson, ValidQuery};
use crate::api::http::params::NoQuery;
use crate::db::{self, write_transaction};
use crate::domain::audit::{Change, Who};
use crate::domain::length::within;
use crate::error::AppError;
use crate::i18n::Text;
use crate::state::AppState;

/// A named set of regions.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionSetInput {
    /// Chinese name.
    #[schema(example = "山区海岛县", max_length = 100)]
    pub name: String,
    /// English name, at most 200 characters.
    #[schema(example = "Mountain and island counties", max_length = 200)]
    pub name_en: Option<String>,
    /// Member region codes: 1 to 5000.
    #[schema(example = json!(["330326", "330327"]), schema_with = regions_schema)]
    pub regions: Vec<String>,
}

fn regions_schema() -> utoipa::openapi::schema::Array {
    crate::domain::length::code_list(
        Some(5000),
        crate::domain::length::REGION_CODE,
        "Member region codes: 1 to 5000.",
    )
}

/// A stored set.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegionSetDto {
    /// Its code.
    #[schema(example = "zj-mountain-island")]
    pub code: String,
    /// The set.
    #[serde(flatten)]
    pub set: RegionSetInput,
}

/// Region sets.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegionSets {
    /// By code.
    pub items: Vec<RegionSetDto>,
}

/// Lists the named region sets (public).
#[utoipa::path(tag = "programmes", responses((status = 200, description = "Region sets", body = RegionSets)))]
#[get("/programmes/region-sets")]
pub async fn list_region_sets(
    state: web::Data<AppState>,
    _q: ValidQuery<NoQuery>,
) -> Result<HttpResponse, AppError> {
    let all = state
        .db(|conn| Ok(db::programmes::region_sets::all(conn)?))
        .await?;
    let items = (all.into_iter())
        .map(|(code, name, name_en, regions)| RegionSetDto {
            code,
            set: RegionSetInput {
                name,
                name_en,
                regions,
            },
        })
        .collect();
    Ok(HttpResponse::Ok().json(RegionSets { items }))
}

/// Creates or replaces a named region set (admins, operators).
#[utoipa::path(tag = "programmes", params(("code" = String, Path, pattern = "^[a-z0-9-]{2,50}$", description = "Set code: 2 to 50 lower-case letters, digits and hyphens")), request_body = RegionSetInput, security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "Stored", body = RegionSetDto),
    (status = 403, description = "Not an admin or operator key", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = crate::error::Problem, content_type = "application/problem+json")))]
#[put("/programmes/region-sets/{code}")]
pub async fn put_region_set(
    HotlineDesk(caller): HotlineDesk,
    state: web::Data<AppState>,
    code: web::Path<String>,
    body: ValidJson<RegionSetInput>,
) -> Result<HttpResponse, AppError> {
    let (code, set) = (code.into_inner(), body.0);
    let code_ok = (2..=50).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !code_ok {
        return Err(AppError::invalid(
            "code",
            Text::new(
                "须为 2 到 50 个小写字母、数字或连字符",
                "must be 2 to 50 lower-case letters, digits or hyphens",
            ),
        ));
    }
    if set
        .name_en
        .as_ref()
        .is_some_and(|n| n.chars().count() > 200)
    {
        return Err(AppError::invalid(
            "name_en",
            Text::new("最多 200 个字符", "at most 200 characters"),
        ));
    }
    if !within(&set.name, 2..=100) || set.regions.is_empty() || set.regions.len() > 5000 {
        return Err(AppError::invalid(
            "regions",
            Text::new(
                "名称须为 2 到 100 个字符，成员 1 到 5000 个",
                "the name must be 2 to 100 characters and the set have 1 to 5,000 regions",
            ),
        ));
    }
    state.directory().check_regions("regions", &set.regions)?;
    let row = (
        code.clone(),
        set.name.trim().to_owned(),
        set.name_en.clone(),
        set.regions.clone(),
    );
    let (who, at) = (Who::from(&caller), state.now().naive_utc());
    state
        .write(move |conn| {
            write_transaction(conn, |conn| {
                db::programmes::region_sets::put(conn, &row)?;
                let change = Change::new("region_set.put", "region_set", &row.0).after(&row.3);
                Ok(db::audit::record(conn, &who, &change, at)?)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(RegionSetDto { code, set }))
}
