//! Parsing and checks shared by the list and nearest endpoints.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;

use crate::api::http::dto::{OutletDto, Page};
use crate::api::http::geojson::{OutletFeatureCollection, GEO_JSON};
use crate::directory::Directory;
use crate::domain::calendar::local_date;
use crate::domain::coords::CoordSys;
use crate::domain::cursor;
use crate::domain::outlet::Outlet;
use crate::domain::vocab::{OutletKind, OutletStatus, Tier};
use crate::error::AppError;
use crate::i18n::Text;

/// Default page size.
pub const DEFAULT_LIMIT: u32 = 20;
/// Largest page size.
pub const MAX_LIMIT: u32 = 100;

/// Checks `limit` (1..=100, default 20).
pub fn limit(value: Option<u32>) -> Result<usize, AppError> {
    match value.unwrap_or(DEFAULT_LIMIT) {
        n @ 1..=MAX_LIMIT => Ok(n as usize),
        _ => Err(AppError::bad_request(
            "limit",
            Text::new(
                format!("须为 1 到 {MAX_LIMIT}"),
                format!("must be from 1 to {MAX_LIMIT}"),
            ),
        )),
    }
}

/// Decodes a `cursor` produced by an earlier page.
pub fn decode_cursor<T: DeserializeOwned>(value: Option<&str>) -> Result<Option<T>, AppError> {
    value
        .map(|text| {
            cursor::decode(text).ok_or_else(|| {
                AppError::bad_request(
                    "cursor",
                    Text::new(
                        "不是本接口返回的游标",
                        "is not a cursor returned by this endpoint",
                    ),
                )
            })
        })
        .transpose()
}

/// Parses `bbox=west,south,east,north` given in `sys` into WGS-84 corners.
pub fn bbox(value: Option<&str>, sys: CoordSys) -> Result<Option<[f64; 4]>, AppError> {
    let Some(text) = value else { return Ok(None) };
    let bad = |zh: &str, en: &str| AppError::bad_request("bbox", Text::new(zh, en));
    let numbers: Vec<f64> = text
        .split(',')
        .map(|n| n.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| {
            bad(
                "须为 4 个数字：西,南,东,北",
                "must be four numbers: west,south,east,north",
            )
        })?;
    let [west, south, east, north] = numbers[..] else {
        return Err(bad(
            "须为 4 个数字：西,南,东,北",
            "must be four numbers: west,south,east,north",
        ));
    };
    let out_of_range = |_| bad("坐标超出范围", "a corner is out of range");
    let sw = sys.to_wgs84(west, south).map_err(out_of_range)?;
    let ne = sys.to_wgs84(east, north).map_err(out_of_range)?;
    if sw.lng() > ne.lng() || sw.lat() > ne.lat() {
        return Err(bad(
            "西须不大于东、南须不大于北",
            "west must not exceed east, nor south north",
        ));
    }
    Ok(Some([sw.lng(), sw.lat(), ne.lng(), ne.lat()]))
}

/// The attribute filters of outlet lists and nearest searches; all must hold.
#[derive(Debug, Default, Clone)]
pub struct OutletFilter {
    pub kind: Option<OutletKind>,
    pub tier: Option<Tier>,
    pub status: Option<OutletStatus>,
    pub include_closed: bool,
    /// Index in the region tree of the region to search in (and under).
    pub region: Option<usize>,
    pub bbox: Option<[f64; 4]>,
    /// Only outlets offering this matter.
    pub matter: Option<String>,
    /// Only outlets open (`true`) or closed (`false`) at this instant.
    pub open: Option<(DateTime<Utc>, bool)>,
}

impl OutletFilter {
    /// Resolves `region` against the tree; an unknown code is a 400.
    pub fn region_index(dir: &Directory, code: Option<&str>) -> Result<Option<usize>, AppError> {
        code.map(|c| {
            dir.regions.index_of(c).ok_or_else(|| {
                AppError::bad_request(
                    "region",
                    Text::new(
                        format!("行政区划 `{c}` 不存在"),
                        format!("region `{c}` does not exist"),
                    ),
                )
            })
        })
        .transpose()
    }

    /// Statuses allowed, for SQL; empty when every status is.
    pub fn statuses(&self) -> Vec<OutletStatus> {
        use strum::IntoEnumIterator;
        let allowed: Vec<_> = OutletStatus::iter()
            .filter(|s| self.status_allowed(*s))
            .collect();
        if allowed.len() == OutletStatus::iter().count() {
            Vec::new()
        } else {
            allowed
        }
    }

    /// Whether an outlet's status passes: the one asked for, else all but
    /// closed unless closed ones are included.
    fn status_allowed(&self, status: OutletStatus) -> bool {
        match (self.status, self.include_closed) {
            (Some(s), _) => s == status,
            (None, true) => true,
            (None, false) => status != OutletStatus::Closed,
        }
    }

    /// Whether an outlet passes every filter.
    pub fn accepts(&self, o: &Outlet, dir: &Directory) -> bool {
        self.kind.is_none_or(|k| k == o.kind)
            && self.tier.is_none_or(|t| t == o.tier)
            && self.status_allowed(o.status)
            && self.region.is_none_or(|r| {
                dir.regions
                    .index_of(&o.region_code)
                    .is_some_and(|i| dir.regions.ancestors(i).any(|a| a == r))
            })
            && self.bbox.is_none_or(|[w, s, e, n]| {
                (w..=e).contains(&o.location.lng()) && (s..=n).contains(&o.location.lat())
            })
            && self
                .matter
                .as_deref()
                .is_none_or(|m| dir.catalogue.offers(m, &o.id))
            && self
                .open
                .is_none_or(|(t, open)| dir.catalogue.is_open(&o.id, t) == Ok(Some(open)))
    }

    /// Checks `matter` names a published matter.
    pub fn matter(dir: &Directory, code: Option<String>) -> Result<Option<String>, AppError> {
        match code {
            Some(c) if !dir.catalogue.matters.contains_key(&c) => Err(AppError::bad_request(
                "matter",
                Text::new(
                    format!("服务事项 `{c}` 不存在"),
                    format!("matter `{c}` does not exist"),
                ),
            )),
            other => Ok(other),
        }
    }

    /// Reads `open_now` / `open_at` (RFC 3339; a `+` sent unencoded arrives as a
    /// space and is read back as `+`); the instant's year must have a calendar.
    pub fn open(
        dir: &Directory,
        open_now: Option<bool>,
        open_at: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Option<(DateTime<Utc>, bool)>, AppError> {
        let (field, at) = match (open_now, open_at) {
            (Some(_), Some(_)) => {
                return Err(AppError::bad_request(
                    "open_at",
                    Text::new(
                        "不能与 open_now 同时使用",
                        "cannot be combined with open_now",
                    ),
                ))
            }
            (Some(open), None) => ("open_now", Some((now, open))),
            (None, Some(text)) => ("open_at", Some((parse_instant(text)?, true))),
            (None, None) => ("", None),
        };
        if let Some((t, _)) = at {
            dir.catalogue
                .calendar
                .is_working_day(local_date(t))
                .map_err(|e| crate::api::catalogue::calendar::unpublished(field, e))?;
        }
        Ok(at)
    }
}

fn parse_instant(text: &str) -> Result<DateTime<Utc>, AppError> {
    let text = text.trim().replace(' ', "+");
    DateTime::parse_from_rfc3339(&text)
        .or_else(|_| DateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M%:z"))
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            AppError::bad_request(
                "open_at",
                Text::new(
                    "须为 RFC 3339 时间，如 2026-10-10T10:00:00+08:00",
                    "must be an RFC 3339 instant, e.g. 2026-10-10T10:00:00+08:00",
                ),
            )
        })
}

/// Whether the client asks for GeoJSON.
pub fn wants_geojson(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains(GEO_JSON))
}

/// Renders a page of outlets as JSON, or as GeoJSON when the client asks for it.
pub fn outlet_page(
    req: &HttpRequest,
    items: Vec<OutletDto>,
    next_cursor: Option<String>,
) -> HttpResponse {
    if wants_geojson(req) {
        HttpResponse::Ok()
            .content_type(GEO_JSON)
            .json(OutletFeatureCollection::new(items, next_cursor))
    } else {
        HttpResponse::Ok().json(Page { items, next_cursor })
    }
}

/// A 400 for a point out of range, naming `lat` or `lng`.
pub fn point_error(e: crate::domain::point::PointError, lat: f64) -> AppError {
    let field = if lat.is_finite() && (-90.0..=90.0).contains(&lat) {
        "lng"
    } else {
        "lat"
    };
    let en = e.to_string();
    let zh = if field == "lat" {
        "纬度须为 -90 到 90 之间的数字"
    } else {
        "经度须为 -180 到 180 之间的数字"
    };
    AppError::bad_request(field, Text::new(zh, en))
}

/// Checks `radius_m` (positive, at most half the Earth's circumference).
pub fn radius(value: Option<f64>) -> Result<Option<f64>, AppError> {
    match value {
        Some(r) if !(r.is_finite() && r > 0.0 && r <= 20_037_509.0) => Err(AppError::bad_request(
            "radius_m",
            Text::new(
                "须为大于 0 且不超过 20037509 的米数",
                "must be more than 0 and at most 20037509 metres",
            ),
        )),
        other => Ok(other),
    }
}
