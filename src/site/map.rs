//! The map's helpers: base-map tiles fetched from the configured source (so
//! the pages load images from `'self'` only), and directions in the common
//! Chinese map apps with the coordinates each expects, and positions
//! converted to the base map's coordinate system.

use std::time::Duration;

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::config::MapConfig;
use crate::domain::coords::CoordSys;
use crate::domain::point::PointError;
use crate::error::{AppError, Resource};
use crate::i18n::Text;
use crate::state::AppState;

/// The configured tile source and the client that fetches from it.
pub struct TileSource {
    client: reqwest::Client,
    template: String,
}

impl TileSource {
    /// A source for the configured template, if there is one.
    pub fn new(map: &MapConfig) -> anyhow::Result<Option<Self>> {
        let Some(template) = map.tiles.clone() else {
            return Ok(None);
        };
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .user_agent(concat!("ipr-service-tiles/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Some(Self { client, template }))
    }
}

/// One base-map tile, fetched from the configured source; 404 with none.
pub async fn tile(
    source: web::Data<Option<TileSource>>,
    path: web::Path<(u8, u32, u32)>,
) -> Result<HttpResponse, AppError> {
    let source = source.as_ref().as_ref().ok_or(AppError::NoRoute)?;
    let (z, x, y) = path.into_inner();
    if z > 20 || u64::from(x) >= 1 << z || u64::from(y) >= 1 << z {
        return Err(AppError::NoRoute);
    }
    let url = (source.template)
        .replace("{z}", &z.to_string())
        .replace("{x}", &x.to_string())
        .replace("{y}", &y.to_string());
    let unavailable = |e: &dyn std::fmt::Display| {
        tracing::warn!(error = %e, "map tile source failed");
        AppError::Unavailable {
            reason: Text::new("底图服务暂不可用", "the base map is unavailable"),
        }
    };
    let res = (source.client.get(&url).send().await)
        .and_then(|r| r.error_for_status())
        .map_err(|e| unavailable(&e))?;
    let kind = (res.headers().get(reqwest::header::CONTENT_TYPE))
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.starts_with("image/"))
        .map(str::to_owned)
        .ok_or_else(|| unavailable(&"not an image"))?;
    let body = res.bytes().await.map_err(|e| unavailable(&e))?;
    Ok(HttpResponse::Ok()
        .content_type(kind)
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(body))
}

/// A point to express in another coordinate system.
#[derive(Debug, Deserialize)]
pub struct ConvertQuery {
    /// Latitude in `from`.
    pub lat: f64,
    /// Longitude in `from`.
    pub lng: f64,
    /// The system given.
    pub from: CoordSys,
    /// The system wanted (the base map's).
    pub to: CoordSys,
}

/// The point in another system, for drawing a position on the base map.
pub async fn convert(q: web::Query<ConvertQuery>) -> Result<HttpResponse, AppError> {
    let point = q.from.to_wgs84(q.lng, q.lat).map_err(|e| {
        let field = if matches!(e, PointError::Latitude) {
            "lat"
        } else {
            "lng"
        };
        AppError::bad_request(field, Text::new("坐标超出范围", e.to_string()))
    })?;
    let (lng, lat) = q.to.from_wgs84(point);
    Ok(HttpResponse::Ok().json(serde_json::json!({ "lng": lng, "lat": lat })))
}

/// Which map app to open.
#[derive(Debug, Deserialize)]
pub struct DirectionsQuery {
    /// `amap` (高德, GCJ-02), `baidu` (百度, BD-09) or `tencent` (腾讯, GCJ-02).
    pub app: String,
}

/// A redirect to the outlet in a map app, with its coordinates converted.
pub async fn directions(
    state: web::Data<AppState>,
    id: web::Path<String>,
    q: web::Query<DirectionsQuery>,
) -> Result<HttpResponse, AppError> {
    let outlet = (state.directory().outlets.get(&id))
        .map(|o| (o.location(), o.details().name().to_owned()))
        .ok_or_else(|| AppError::not_found(Resource::Outlet, &id))?;
    let (point, name) = outlet;
    let name: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
    let url = match q.app.as_str() {
        "amap" => {
            let (lng, lat) = CoordSys::Gcj02.from_wgs84(point);
            format!("https://uri.amap.com/marker?position={lng:.6},{lat:.6}&name={name}&coordinate=gaode&callnative=1")
        }
        "baidu" => {
            let (lng, lat) = CoordSys::Bd09.from_wgs84(point);
            format!("https://api.map.baidu.com/marker?location={lat:.6},{lng:.6}&title={name}&content={name}&output=html&coord_type=bd09ll&src=ipr-service")
        }
        "tencent" => {
            let (lng, lat) = CoordSys::Gcj02.from_wgs84(point);
            format!("https://apis.map.qq.com/uri/v1/marker?marker=coord:{lat:.6},{lng:.6};title:{name}&referer=ipr-service")
        }
        _ => {
            return Err(AppError::bad_request(
                "app",
                Text::new(
                    "只能是高德、百度或腾讯地图",
                    "must be amap, baidu or tencent",
                ),
            ))
        }
    };
    Ok(HttpResponse::Found()
        .insert_header((header::LOCATION, url))
        .finish())
}
