//! Reading the outlet directory: lists, one outlet, nearest outlets.

pub mod list;
pub mod nearest;
pub mod one;

use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::outlets::filter::FilterParams;
use crate::domain::coords::CoordSys;
use crate::domain::vocab::{OutletKind, OutletStatus, Tier};

/// Filters of the outlet list; all given ones must hold.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OutletListQuery {
    /// Only outlets of this kind.
    pub kind: Option<OutletKind>,
    /// Only outlets of this tier.
    pub tier: Option<Tier>,
    /// Only outlets in this region or any region under it.
    pub region: Option<String>,
    /// Only outlets with this status (default: all but `closed`).
    pub status: Option<OutletStatus>,
    /// Include closed outlets when no `status` is given.
    pub include_closed: Option<bool>,
    /// Words to search for (1 to 200 characters) in the name, kind, the
    /// service matters offered and the address, with the engine of
    /// `GET /search` (Chinese words, pinyin initials, English): the list is
    /// then the best matches (at most 1,000), best first.
    #[param(min_length = 1, max_length = 200, pattern = "\\S")]
    pub q: Option<String>,
    /// `west,south,east,north` in `coord_sys`.
    pub bbox: Option<String>,
    /// Only outlets offering this service matter (code).
    pub matter: Option<String>,
    /// Only outlets open (`true`) or closed (`false`) now, by their published hours.
    pub open_now: Option<bool>,
    /// Only outlets open at this instant (RFC 3339, e.g. `2026-10-10T10:00:00+08:00`).
    pub open_at: Option<String>,
    /// Only these members of each outlet, comma-separated (sparse answers for
    /// a marker layer, e.g. `id,name,location`); the items then hold just
    /// these members. Default: all.
    #[param(example = "id,name,location")]
    pub fields: Option<String>,
    /// Coordinate system of `bbox` and returned positions (default `wgs84`).
    pub coord_sys: Option<CoordSys>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

/// A nearest-outlet search; filters combine with AND and apply inside the search.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NearestParams {
    /// Latitude of the point, in degrees.
    #[param(minimum = -90, maximum = 90)]
    pub lat: f64,
    /// Longitude of the point, in degrees.
    #[param(minimum = -180, maximum = 180)]
    pub lng: f64,
    /// Coordinate system of the point, `bbox` and returned positions (default `wgs84`).
    pub coord_sys: Option<CoordSys>,
    /// Page size, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// Only outlets at most this many metres away.
    #[param(exclusive_minimum = 0, maximum = 20037509)]
    pub radius_m: Option<f64>,
    /// Only outlets of this kind.
    pub kind: Option<OutletKind>,
    /// Only outlets of this tier.
    pub tier: Option<Tier>,
    /// Only outlets in this region or any region under it.
    pub region: Option<String>,
    /// Only outlets with this status (default: all but `closed`).
    pub status: Option<OutletStatus>,
    /// Include closed outlets when no `status` is given.
    pub include_closed: Option<bool>,
    /// `west,south,east,north` in `coord_sys`.
    pub bbox: Option<String>,
    /// Only outlets offering this service matter (code).
    pub matter: Option<String>,
    /// Only outlets open (`true`) or closed (`false`) now, by their published hours.
    pub open_now: Option<bool>,
    /// Only outlets open at this instant (RFC 3339, e.g. `2026-10-10T10:00:00+08:00`).
    pub open_at: Option<String>,
    /// Only these members of each outlet, comma-separated (sparse answers for
    /// a marker layer, e.g. `id,name,location,distance_m`); the items then hold just
    /// these members. Default: all.
    #[param(example = "id,name,location,distance_m")]
    pub fields: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Both queries carry the same filter fields under the same names.
macro_rules! filter_params {
    ($($query:ty),+) => {$(
        impl $query {
            /// The filters shared by lists and nearest searches.
            fn filter_params(&self) -> FilterParams<'_> {
                FilterParams {
                    kind: self.kind,
                    tier: self.tier,
                    status: self.status,
                    include_closed: self.include_closed,
                    region: self.region.as_deref(),
                    bbox: self.bbox.as_deref(),
                    matter: self.matter.clone(),
                    open_now: self.open_now,
                    open_at: self.open_at.as_deref(),
                }
            }
        }
    )+};
}

filter_params!(OutletListQuery, NearestParams);
