//! Many boundaries at once (admin), and how the imported ones fit together.

use actix_web::{get, put, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::http::auth::Admin;
use crate::api::http::extract::{ValidJson, ValidQuery};
use crate::domain::audit::Who;
use crate::domain::boundary::import::{check_collection, Checked, Refused};
use crate::domain::boundary::report::{consistency, ConsistencyReport};
use crate::domain::coords::CoordSys;
use crate::error::{AppError, Resource, PROBLEM_JSON};
use crate::i18n::{Lang, Text};
use crate::state::AppState;

/// How to read the collection.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// The feature property holding the region code (default `code`; e.g. `adcode`).
    pub code_property: Option<String>,
    /// Coordinate system of the positions (default `wgs84`).
    pub coord_sys: Option<CoordSys>,
    /// Apply the features that pass even when others are refused (default
    /// `false`: nothing is applied unless every feature passes).
    pub apply_valid: Option<bool>,
}

/// A feature refused.
#[derive(Debug, Serialize, ToSchema)]
pub struct RefusedDto {
    /// Its position in `features` (from 0).
    pub feature: usize,
    /// The region code it named.
    pub code: Option<String>,
    /// What was wrong, e.g. `features[3].geometry`.
    pub field: String,
    /// Why, in the request's language.
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportReport {
    /// Boundaries stored.
    #[schema(example = 117)]
    pub applied: usize,
    /// Features refused (with `apply_valid`, the rest were stored).
    pub refused: Vec<RefusedDto>,
    /// Regions that now have a boundary.
    pub regions_with_boundary: usize,
}

fn refused_dtos(refused: &[Refused], lang: Lang) -> Vec<RefusedDto> {
    (refused.iter())
        .map(|r| RefusedDto {
            feature: r.feature,
            code: r.code.clone(),
            field: r.field.clone(),
            reason: r.reason.get(lang).to_owned(),
        })
        .collect()
}

/// The 422 naming the first refused feature, with every refusal listed.
fn refusal(checked: &Checked, lang: Lang) -> HttpResponse {
    let first = &checked.refused[0];
    let n = checked.refused.len();
    let reason = Text::new(
        format!("{n} 个要素未通过检查，未导入任何边界：{}", first.reason.zh),
        format!("{n} features refused, nothing applied: {}", first.reason.en),
    );
    let mut problem = serde_json::to_value(AppError::invalid(&first.field, reason).problem(lang))
        .expect("problems serialize");
    problem["refused"] = serde_json::json!(refused_dtos(&checked.refused, lang));
    HttpResponse::UnprocessableEntity()
        .content_type(PROBLEM_JSON)
        .json(problem)
}

/// Imports boundaries.
///
/// Imports a GeoJSON FeatureCollection of boundaries (admin; up to 64 MiB;
/// `ipr-service import boundaries` takes larger files). Every feature is
/// checked first: a known region code, a valid polygon (ring orientation is
/// repaired), inside China, and within its parent's boundary where the parent
/// has one (1 % of its area tolerated). Nothing is stored unless all pass,
/// or `apply_valid=true`; the answer lists every feature refused and why.
#[utoipa::path(tag = "regions", params(ImportQuery),
    request_body(content = Object, content_type = "application/geo+json", description = "GeoJSON FeatureCollection; each feature's region code in `code_property`"),
    security(("api_key" = [])), responses(
    crate::api::http::responses::AdminOnly,
    (status = 200, description = "Stored", body = ImportReport),
    (status = 422, description = "Features refused, nothing stored; `refused` lists them", body = crate::error::Problem, content_type = "application/problem+json")))]
#[put("/boundaries")]
pub async fn import_boundaries(
    req: HttpRequest,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    query: ValidQuery<ImportQuery>,
    body: ValidJson<serde_json::Value, { 64 * 1024 * 1024 }>,
) -> Result<HttpResponse, AppError> {
    let lang = Lang::from_request(&req);
    let q = query.0;
    let property = q.code_property.unwrap_or_else(|| "code".into());
    let sys = q.coord_sys.unwrap_or_default();
    let handle = state.directory_handle();
    let checked = web::block(move || {
        let dir = handle.read();
        check_collection(body.0, &property, sys, &dir.regions, |_| {})
    })
    .await
    .map_err(anyhow::Error::from)?
    .map_err(|reason| AppError::invalid("body", reason))?;
    if !checked.refused.is_empty() && !q.apply_valid.unwrap_or(false) {
        return Ok(refusal(&checked, lang));
    }
    let (who, now) = (Who::from(&admin), state.now().naive_utc());
    let accepted = checked.accepted.clone();
    state
        .write(move |conn| {
            crate::directory::boundaries::store(conn, &accepted, (&who, now), |_| {})
        })
        .await?;
    let mut dir = state.directory_mut();
    for a in &checked.accepted {
        dir.regions.set_boundary(a.region, Some(a.shape.clone()));
    }
    Ok(HttpResponse::Ok().json(ImportReport {
        applied: checked.accepted.len(),
        refused: refused_dtos(&checked.refused, lang),
        regions_with_boundary: dir.regions.with_boundary(),
    }))
}

/// Which region's children to check.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// The region whose children are checked (default: the provinces).
    pub region: Option<String>,
}

/// How a region's boundaries fit together.
///
/// How the boundaries under a region fit together: children overlapping
/// each other, gaps they leave inside it, parts outside it (areas in km²,
/// slivers under 0.01 km² ignored), and children without a boundary.
#[utoipa::path(tag = "regions", params(ReportQuery), responses(
    (status = 200, description = "The report", body = ConsistencyReport),
    (status = 404, description = "No such region", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/boundaries/report")]
pub async fn boundaries_report(
    state: web::Data<AppState>,
    query: ValidQuery<ReportQuery>,
) -> Result<HttpResponse, AppError> {
    let handle = state.directory_handle();
    let report = web::block(move || {
        let dir = handle.read();
        let region = match &query.0.region {
            None => None,
            Some(code) => Some(
                (dir.regions.index_of(code))
                    .ok_or_else(|| AppError::not_found(Resource::Region, code))?,
            ),
        };
        Ok::<ConsistencyReport, AppError>(consistency(&dir.regions, region))
    })
    .await
    .map_err(anyhow::Error::from)??;
    Ok(HttpResponse::Ok().json(report))
}
