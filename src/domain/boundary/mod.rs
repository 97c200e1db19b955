//! Region boundaries as GeoJSON: parsed and checked on the way in (one at a
//! time, or a whole collection by [`import`]), converted on the way out, and
//! checked against each other ([`report`]).

pub mod import;
pub mod report;

use std::str::FromStr;

use geo::orient::{Direction, Orient};
use geo::{MapCoords, MultiPolygon, Validation};

use crate::domain::coords::CoordSys;
use crate::domain::point::LngLat;
use crate::i18n::Text;

/// Parses stored boundary text (a GeoJSON MultiPolygon in WGS-84).
pub fn parse_multipolygon(text: &str) -> anyhow::Result<MultiPolygon<f64>> {
    let geometry = geojson::Geometry::from_str(text)?;
    Ok(MultiPolygon::try_from(geometry)?)
}

/// Reads a boundary given as a Polygon or MultiPolygon geometry, or a Feature
/// holding one, in `sys`, and returns it in WGS-84.
pub fn boundary_from_geojson(
    value: serde_json::Value,
    sys: CoordSys,
) -> Result<MultiPolygon<f64>, Text> {
    let bad = |zh: &str, en: &str| Text::new(zh, en);
    let parsed = geojson::GeoJson::from_json_value(value).map_err(|e| {
        Text::new(
            format!("不是有效的 GeoJSON：{e}"),
            format!("is not valid GeoJSON: {e}"),
        )
    })?;
    let geometry = match parsed {
        geojson::GeoJson::Geometry(g) => g,
        geojson::GeoJson::Feature(f) => f
            .geometry
            .ok_or_else(|| bad("Feature 没有几何", "the Feature has no geometry"))?,
        geojson::GeoJson::FeatureCollection(_) => return Err(bad(
            "须为 Polygon、MultiPolygon 或单个 Feature；多个边界请用批量导入接口",
            "must be a Polygon, a MultiPolygon or one Feature; for many, PUT /api/v1/boundaries",
        )),
    };
    shape_from_geometry(geometry, sys)
}

/// A Polygon or MultiPolygon geometry in `sys` as a valid WGS-84
/// MultiPolygon; rings wound the wrong way are turned (exterior
/// counter-clockwise, holes clockwise), anything else invalid is refused.
pub fn shape_from_geometry(
    geometry: geojson::Geometry,
    sys: CoordSys,
) -> Result<MultiPolygon<f64>, Text> {
    let bad = |zh: &str, en: &str| Text::new(zh, en);
    let shape: MultiPolygon<f64> = match geo::Geometry::<f64>::try_from(geometry) {
        Ok(geo::Geometry::Polygon(p)) => MultiPolygon(vec![p]),
        Ok(geo::Geometry::MultiPolygon(mp)) => mp,
        _ => {
            return Err(bad(
                "几何类型须为 Polygon 或 MultiPolygon",
                "the geometry must be a Polygon or MultiPolygon",
            ))
        }
    };
    if shape.0.is_empty() || shape.0.iter().any(|p| p.exterior().0.len() < 4) {
        return Err(bad(
            "每个多边形至少需要 4 个点（首尾相同）",
            "every polygon needs at least 4 positions (closed ring)",
        ));
    }
    let wgs = shape.try_map_coords(|c| {
        sys.to_wgs84(c.x, c.y)
            .map(|p| geo::coord! { x: p.lng(), y: p.lat() })
    });
    let wgs = wgs.map_err(|e| {
        Text::new(
            format!("坐标超出范围：{e}"),
            format!("a position is out of range: {e}"),
        )
    })?;
    let wgs = wgs.orient(Direction::Default);
    if !wgs.is_valid() {
        return Err(bad(
            "多边形无效（自相交或环不闭合）",
            "the polygons are not valid (self-intersecting or unclosed rings)",
        ));
    }
    Ok(wgs)
}

/// A stored WGS-84 boundary as a GeoJSON geometry in `sys`.
pub fn boundary_to_geojson(shape: &MultiPolygon<f64>, sys: CoordSys) -> serde_json::Value {
    let converted = shape.map_coords(|c| {
        let (x, y) = LngLat::new(c.x, c.y)
            .map(|p| sys.from_wgs84(p))
            .unwrap_or((c.x, c.y));
        geo::coord! { x: x, y: y }
    });
    serde_json::to_value(geojson::Geometry::from(&converted)).expect("geometry serializes")
}
