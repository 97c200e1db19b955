//! Response bodies shared by several resources.

use actix_web::HttpResponse;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::coords::CoordSys;
use crate::domain::point::{round_degrees, LngLat};
use crate::error::AppError;

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

impl<T: Serialize> Page<T> {
    /// A 200 with this page as JSON, written into a buffer with room for
    /// `bytes_per_item` an item. `HttpResponse::json` starts serde_json's
    /// buffer at 128 bytes and doubles it: ten reallocations, each a copy,
    /// for a 109 KB queue page.
    pub fn json_sized(&self, bytes_per_item: usize) -> Result<HttpResponse, AppError> {
        let mut body = Vec::with_capacity(64 + self.items.len() * bytes_per_item);
        serde_json::to_writer(&mut body, self).map_err(|e| AppError::Internal(e.into()))?;
        Ok(HttpResponse::Ok()
            .content_type(mime::APPLICATION_JSON)
            .body(body))
    }
}
