//! Response bodies shared by several resources.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::coords::CoordSys;
use crate::domain::outlet::Outlet;
use crate::domain::point::LngLat;
use crate::domain::regions::Region;
use crate::domain::vocab::{OutletKind, OutletStatus, RegionLevel, Tier};

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
        // 1e-7 degrees is about 1 cm: more digits are conversion noise.
        let round = |v: f64| (v * 1e7).round() / 1e7;
        Self {
            lng: round(lng),
            lat: round(lat),
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

/// A service outlet (知识产权公共服务网点).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OutletDto {
    /// Stable identifier (UUID).
    pub id: String,
    /// Official Chinese name.
    #[schema(example = "平遥县知识产权服务工作站")]
    pub name: String,
    /// English name, where known.
    pub name_en: Option<String>,
    /// What kind of outlet this is.
    pub kind: OutletKind,
    /// Tier in the city / county / park network.
    pub tier: Tier,
    /// Region (行政区划 code) the outlet is registered in.
    #[schema(example = "140728")]
    pub region_code: String,
    /// The outlet this one reports to.
    pub parent_id: Option<String>,
    /// Street address.
    pub address: String,
    /// Position, in the requested `coord_sys`.
    pub location: Location,
    /// Contact telephone numbers.
    pub phones: Vec<String>,
    /// Contact email.
    pub email: Option<String>,
    /// Web site.
    pub website: Option<String>,
    /// Operating status.
    pub status: OutletStatus,
    /// Notice explaining the status (e.g. temporary closure).
    pub status_note: Option<String>,
    /// Public remark, e.g. that the position is approximate.
    pub note: Option<String>,
    /// When the details were last checked on site.
    pub verified_at: Option<DateTime<Utc>>,
    /// When the outlet was added.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Incremented on every change.
    pub version: i64,
    /// Whether it is open now, for outlets that publish hours (`null` otherwise).
    pub opening: Option<crate::api::catalogue::hours::OpeningDto>,
    /// Great-circle distance in metres from the query point (nearest results only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_m: Option<f64>,
}

impl OutletDto {
    /// The outlet as the API shows it.
    pub fn new(o: &Outlet, sys: CoordSys) -> Self {
        Self {
            id: o.id.clone(),
            name: o.name.clone(),
            name_en: o.name_en.clone(),
            kind: o.kind,
            tier: o.tier,
            region_code: o.region_code.clone(),
            parent_id: o.parent_id.clone(),
            address: o.address.clone(),
            location: Location::from_wgs84(o.location, sys),
            phones: o.phones.clone(),
            email: o.email.clone(),
            website: o.website.clone(),
            status: o.status,
            status_note: o.status_note.clone(),
            note: o.note.clone(),
            verified_at: o.verified_at,
            created_at: o.created_at,
            updated_at: o.updated_at,
            version: o.version,
            opening: None,
            distance_m: None,
        }
    }

    /// The outlet with its opening computed from the directory's catalogue as of `now`.
    pub fn with_opening(
        o: &Outlet,
        sys: CoordSys,
        dir: &crate::directory::Directory,
        now: DateTime<Utc>,
    ) -> Self {
        let opening = dir.catalogue.opening(&o.id, now).map(Into::into);
        Self {
            opening,
            ..Self::new(o, sys)
        }
    }
}

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
