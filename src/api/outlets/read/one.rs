//! One outlet.

use actix_web::{get, web, HttpResponse};

use crate::api::http::extract::ValidQuery;
use crate::api::outlets::dto::OutletDto;
use crate::api::regions::read::CoordQuery;
use crate::error::{AppError, Resource};
use crate::state::AppState;

/// One outlet.
#[utoipa::path(tag = "outlets", params(("id" = String, Path, description = "Outlet id"), CoordQuery), responses(
    (status = 200, description = "The outlet", body = OutletDto),
    (status = 404, description = "No such outlet", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/outlets/{id}")]
pub async fn get_outlet(
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: ValidQuery<CoordQuery>,
) -> Result<HttpResponse, AppError> {
    let dir = state.directory();
    let outlet = dir
        .outlets
        .get(&id)
        .ok_or_else(|| AppError::not_found(Resource::Outlet, &id))?;
    let sys = query.0.coord_sys.unwrap_or_default();
    Ok(HttpResponse::Ok()
        .insert_header((
            actix_web::http::header::ETAG,
            crate::api::http::etag::etag(outlet.version()),
        ))
        .json(OutletDto::with_opening(
            &outlet.to_outlet(),
            sys,
            &dir,
            state.now(),
        )))
}
