//! An outlet as answers show it.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::http::dto::Location;
use crate::domain::coords::CoordSys;
use crate::domain::outlet::Outlet;
use crate::domain::vocab::{OutletKind, OutletStatus, Tier};

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
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize_opt")]
    #[schema(value_type = Option<String>, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub verified_at: Option<DateTime<Utc>>,
    /// When the outlet was added.
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
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
        let opening = dir.opening((&o.id, o.status), now).map(Into::into);
        Self {
            opening,
            ..Self::new(o, sys)
        }
    }
}
