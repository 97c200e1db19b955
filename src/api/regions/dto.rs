//! A region as answers show it.

use serde::Serialize;
use utoipa::ToSchema;

use crate::api::http::dto::Location;
use crate::domain::coords::CoordSys;
use crate::domain::regions::Region;
use crate::domain::vocab::{RegionLevel, Tier};

/// An administrative region (行政区划) or park.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegionDto {
    /// GB/T 2260 code, or `<county code>P<nn>` for a park.
    #[schema(example = "140728")]
    pub code: String,
    /// Official Chinese name.
    #[schema(example = "平遥县")]
    pub name: String,
    /// Administrative level.
    pub level: RegionLevel,
    /// Network tier the level stands for (prefecture → `city`).
    pub tier: Tier,
    /// Type in Chinese, e.g. 市辖区, 县级市, 自治州, 园区.
    pub category: Option<String>,
    /// Parent region's code; `null` for provinces.
    pub parent_code: Option<String>,
    /// Seat of government or park centre, in the requested `coord_sys`; `null` where unknown.
    pub seat: Option<Location>,
    /// Whether a boundary polygon has been imported.
    pub has_boundary: bool,
}

impl RegionDto {
    /// The region as the API shows it.
    pub fn new(r: &Region, sys: CoordSys) -> Self {
        Self {
            code: r.code.clone(),
            name: r.name.clone(),
            level: r.level,
            tier: r.level.tier(),
            category: r.category.clone(),
            parent_code: r.parent_code.clone(),
            seat: r.seat.map(|p| Location::from_wgs84(p, sys)),
            has_boundary: r.boundary.is_some(),
        }
    }
}
