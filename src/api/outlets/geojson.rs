//! Outlet lists as GeoJSON FeatureCollections.

use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::http::dto::Page;
use crate::api::http::params::{wants_geojson, GEO_JSON};
use crate::api::outlets::dto::OutletDto;

/// A GeoJSON Point.
#[derive(Debug, Serialize, ToSchema)]
pub struct PointGeometry {
    /// Always `Point`.
    #[serde(rename = "type")]
    #[schema(example = "Point")]
    pub kind: String,
    /// `[lng, lat]` in the requested `coord_sys`.
    pub coordinates: [f64; 2],
}

/// One outlet as a GeoJSON Feature.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutletFeature {
    /// Always `Feature`.
    #[serde(rename = "type")]
    #[schema(example = "Feature")]
    pub kind: String,
    /// The outlet id.
    pub id: String,
    /// The outlet's position.
    pub geometry: PointGeometry,
    /// The outlet, as in JSON lists.
    pub properties: OutletDto,
}

/// A page of outlets as a GeoJSON FeatureCollection (`Accept: application/geo+json`).
#[derive(Debug, Serialize, ToSchema)]
pub struct OutletFeatureCollection {
    /// Always `FeatureCollection`.
    #[serde(rename = "type")]
    #[schema(example = "FeatureCollection")]
    pub kind: String,
    /// The outlets of this page.
    pub features: Vec<OutletFeature>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

impl OutletFeatureCollection {
    /// Wraps a page of outlets.
    pub fn new(items: Vec<OutletDto>, next_cursor: Option<String>) -> Self {
        let features = items
            .into_iter()
            .map(|o| OutletFeature {
                kind: "Feature".into(),
                id: o.id.clone(),
                geometry: PointGeometry {
                    kind: "Point".into(),
                    coordinates: [o.location.lng, o.location.lat],
                },
                properties: o,
            })
            .collect();
        Self {
            kind: "FeatureCollection".into(),
            features,
            next_cursor,
        }
    }
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
