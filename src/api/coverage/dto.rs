//! What the coverage endpoint answers, in JSON, CSV or GeoJSON.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use crate::api::http::dto::Location;
use crate::domain::vocab::{OutletKind, RegionLevel};

/// One kind of outlet for one area.
#[derive(Debug, Serialize, ToSchema)]
pub struct KindCoverageDto {
    /// An active outlet of this kind is registered in the area or under it.
    pub covered: bool,
    /// Distance from the area's seat (or centre) to the nearest active outlet
    /// of this kind, anywhere, in km; `null` when the seat is unknown or there is none.
    #[schema(example = 3.42)]
    pub nearest_km: Option<f64>,
    /// That outlet's id.
    pub nearest_outlet_id: Option<String>,
    /// That outlet's name.
    pub nearest_outlet_name: Option<String>,
}

/// One county or park under the region.
#[derive(Debug, Serialize, ToSchema)]
pub struct AreaDto {
    /// Region code.
    #[schema(example = "140728P01")]
    pub code: String,
    /// Name.
    pub name: String,
    /// `county` or `park`.
    pub level: RegionLevel,
    /// Seat or park centre, in the requested `coord_sys`.
    pub seat: Option<Location>,
    /// Per kind asked, by its name.
    pub kinds: BTreeMap<String, KindCoverageDto>,
}

/// An area without an active outlet of a kind.
#[derive(Debug, Serialize, ToSchema)]
pub struct GapDto {
    /// Region code.
    pub code: String,
    /// Name.
    pub name: String,
    /// `county` or `park`.
    pub level: RegionLevel,
    /// The kind missing.
    pub kind: OutletKind,
    /// How far the nearest one is, km.
    pub nearest_km: Option<f64>,
}

/// Coverage of the counties and parks under a region.
#[derive(Debug, Serialize, ToSchema)]
pub struct CoverageDto {
    /// The region asked about.
    #[schema(example = "140700")]
    pub region: String,
    /// Its name.
    pub region_name: String,
    /// The distance the shares are counted within, km.
    pub within_km: f64,
    /// Per kind: the share of areas with a known seat whose nearest active
    /// outlet of the kind is within `within_km` (0 to 1; `null` without seats).
    pub share_within_km: BTreeMap<String, Option<f64>>,
    /// Every county and park, in code order.
    pub areas: Vec<AreaDto>,
    /// Areas without an active outlet of a kind registered in them.
    pub gaps: Vec<GapDto>,
}
