//! What the public sees of the programmes: counts per region, never people.

use actix_web::{get, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::http::extract::ValidQuery;
use crate::error::{AppError, Resource};
use crate::programmes::summary;
use crate::state::AppState;

/// Which region to break down.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SummaryQuery {
    /// Break this region down into its children (default: the provinces).
    pub region: Option<String>,
}

/// Counts for one region.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegionCountsDto {
    /// The region.
    #[schema(example = "140700")]
    pub region_code: String,
    /// Its name.
    #[schema(example = "晋中市")]
    pub region_name: String,
    /// Commissioners serving a target in it today.
    pub commissioners: u32,
    /// Envoys serving it (or a county in it) today.
    pub envoys: u32,
    /// Service targets in it.
    pub targets: u32,
    /// Visits this year.
    pub visits: u32,
    /// Of which on site.
    pub on_site_visits: u32,
}

/// Programme counts per region.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgrammeSummary {
    /// The region broken down (`null`: the country).
    pub region_code: Option<String>,
    /// Its children, by code.
    pub items: Vec<RegionCountsDto>,
}

/// Counts of commissioners, envoys, targets and visits per region (public; no people).
#[utoipa::path(tag = "programmes", params(SummaryQuery), responses(
    (status = 200, description = "Counts per region", body = ProgrammeSummary),
    (status = 404, description = "No such region", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/programmes/summary")]
pub async fn programme_summary(
    state: web::Data<AppState>,
    q: ValidQuery<SummaryQuery>,
) -> Result<HttpResponse, AppError> {
    let region = q.0.region;
    let parent = match &region {
        None => None,
        Some(code) => Some(
            state
                .directory()
                .regions
                .index_of(code)
                .ok_or_else(|| AppError::not_found(Resource::Region, code))?,
        ),
    };
    let (handle, day) = (state.directory_handle(), state.today());
    let counts = state
        .db(move |conn| {
            let dir = handle.read();
            summary::per_region(conn, &dir.regions, parent, day)
        })
        .await?;
    let dir = state.directory();
    let items = (counts.into_iter())
        .map(|(code, c)| RegionCountsDto {
            region_name: dir
                .regions
                .get(&code)
                .map(|r| r.name.clone())
                .unwrap_or_default(),
            region_code: code,
            commissioners: c.commissioners,
            envoys: c.envoys,
            targets: c.targets,
            visits: c.visits,
            on_site_visits: c.on_site_visits,
        })
        .collect();
    Ok(HttpResponse::Ok().json(ProgrammeSummary {
        region_code: region,
        items,
    }))
}
