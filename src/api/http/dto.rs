//! Response bodies shared by several resources.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::coords::CoordSys;
use crate::domain::point::{round_degrees, LngLat};

/// A position in the coordinate system the request asked for.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// Longitude in degrees.
    #[schema(minimum = -180, maximum = 180, example = 112.1761)]
    pub lng: f64,
    /// Latitude in degrees.
    #[schema(minimum = -90, maximum = 90, example = 37.1894)]
    pub lat: f64,
}

impl Location {
    /// Expresses a stored WGS-84 point in `sys`.
    pub fn from_wgs84(p: LngLat, sys: CoordSys) -> Self {
        let (lng, lat) = sys.from_wgs84(p);
        Self {
            lng: round_degrees(lng),
            lat: round_degrees(lat),
        }
    }
}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}
