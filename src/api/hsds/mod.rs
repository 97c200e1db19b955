//! Open Referral HSDS 3.0 under `/hsds/v3` (public): the directory in the
//! shape provincial platforms and directory tools read. See [`map`] for how
//! outlets, matters and hours become organizations, locations, services and
//! schedules.

pub mod list;
pub mod map;
pub mod package;
pub mod resources;

use actix_web::{get, HttpResponse};

use crate::api::http::extract::ValidQuery;
use crate::api::http::params::NoQuery;
use serde::Serialize;
use utoipa::ToSchema;

/// What `GET /hsds/v3/` says about the API.
#[derive(Debug, Serialize, ToSchema)]
pub struct About {
    /// The HSDS version.
    #[schema(example = "3.0")]
    pub version: &'static str,
    /// The HSDS profile: the base specification (no profile of our own).
    pub profile: &'static str,
    /// This service's OpenAPI document, which describes these endpoints.
    pub openapi_url: &'static str,
}

/// The HSDS version and profile of this API (public).
#[utoipa::path(tag = "hsds", responses((status = 200, description = "About this HSDS API", body = About)))]
#[get("/")]
pub async fn hsds_about(_q: ValidQuery<NoQuery>) -> HttpResponse {
    HttpResponse::Ok().json(About {
        version: "3.0",
        profile: "https://openreferral.org/hsds/3.0",
        openapi_url: "/openapi.json",
    })
}
