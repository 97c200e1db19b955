//! Checking a FeatureCollection of boundaries before any is applied: every
//! feature must name a known region, hold a valid polygon (ring orientation
//! is repaired), lie in China, and stay within its parent's boundary where
//! the parent has one, up to [`PARENT_TOLERANCE`] of its area.

use std::collections::HashMap;

use geo::{Area, BooleanOps, BoundingRect, MultiPolygon};

use super::shape_from_geometry;
use crate::domain::coords::CoordSys;
use crate::domain::regions::RegionTree;
use crate::i18n::Text;

/// Share of a region's area that may lie outside its parent's boundary:
/// official boundaries of two levels, digitised at different scales, disagree
/// along shared borders by a few hundred metres.
pub const PARENT_TOLERANCE: f64 = 0.01;

/// Longitudes and latitudes a boundary in China lies within.
const CHINA: (std::ops::RangeInclusive<f64>, std::ops::RangeInclusive<f64>) =
    (73.0..=136.0, 3.0..=54.0);

/// A feature that passed, ready to apply.
#[derive(Debug, Clone)]
pub struct Accepted {
    /// Position of the feature in the collection.
    pub feature: usize,
    /// The region's index in the tree.
    pub region: usize,
    /// Its code.
    pub code: String,
    /// The boundary, WGS-84.
    pub shape: MultiPolygon<f64>,
}

/// A feature refused, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused {
    /// Position of the feature in the collection.
    pub feature: usize,
    /// The code it named, if any.
    pub code: Option<String>,
    /// What was wrong, e.g. `features[3].geometry`.
    pub field: String,
    /// Why.
    pub reason: Text,
}

impl Refused {
    fn new(
        (feature, code): (usize, Option<String>),
        field: String,
        zh: String,
        en: String,
    ) -> Self {
        Refused {
            feature,
            code,
            field,
            reason: Text::new(zh, en),
        }
    }
}

/// The outcome of checking a collection.
#[derive(Debug, Default)]
pub struct Checked {
    /// Features that passed.
    pub accepted: Vec<Accepted>,
    /// Features refused, in collection order.
    pub refused: Vec<Refused>,
}

/// Checks every feature; `progress` is told after each one. Fails only when
/// the document is not a FeatureCollection at all.
pub fn check_collection(
    value: serde_json::Value,
    code_property: &str,
    sys: CoordSys,
    tree: &RegionTree,
    mut progress: impl FnMut(usize),
) -> Result<Checked, Text> {
    let collection = geojson::FeatureCollection::try_from(value).map_err(|e| {
        Text::new(
            format!("须为 GeoJSON 要素集合：{e}"),
            format!("must be a GeoJSON FeatureCollection: {e}"),
        )
    })?;
    let mut checked = Checked::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (n, feature) in collection.features.into_iter().enumerate() {
        match check_feature(n, feature, (code_property, sys), tree, &mut seen) {
            Ok(accepted) => checked.accepted.push(accepted),
            Err(refused) => checked.refused.push(refused),
        }
        progress(n + 1);
    }
    within_parents(&mut checked, tree);
    checked.refused.sort_by_key(|r| r.feature);
    Ok(checked)
}

/// Checks feature `n`: a known region code, not seen before in the
/// collection, and a polygonal geometry within China.
fn check_feature(
    n: usize,
    feature: geojson::Feature,
    (code_property, sys): (&str, CoordSys),
    tree: &RegionTree,
    seen: &mut HashMap<String, usize>,
) -> Result<Accepted, Refused> {
    let field = format!("features[{n}].properties.{code_property}");
    let code = match feature.property(code_property) {
        Some(serde_json::Value::String(s)) => s.trim().to_owned(),
        Some(serde_json::Value::Number(v)) => v.to_string(),
        _ => {
            let (zh, en) = ("缺少区划代码".into(), "the region code is missing".into());
            return Err(Refused::new((n, None), field, zh, en));
        }
    };
    let Some(region) = tree.index_of(&code) else {
        let (zh, en) = (
            format!("未知区划代码 {code}"),
            format!("no region has code {code}"),
        );
        return Err(Refused::new((n, Some(code)), field, zh, en));
    };
    if let Some(first) = seen.insert(code.clone(), n) {
        let (zh, en) = (
            format!("与第 {first} 个要素重复"),
            format!("repeats feature {first}"),
        );
        return Err(Refused::new((n, Some(code)), field, zh, en));
    }
    let shape = shape_in_china((n, &code), feature.geometry, sys)?;
    Ok(Accepted {
        feature: n,
        region,
        code,
        shape,
    })
}

/// Feature `n`'s geometry as a shape in WGS-84, refused when it is missing,
/// not polygonal or outside China.
fn shape_in_china(
    (n, code): (usize, &str),
    geometry: Option<geojson::Geometry>,
    sys: CoordSys,
) -> Result<MultiPolygon, Refused> {
    let field = format!("features[{n}].geometry");
    let refused = |zh: &str, en: &str| {
        Refused::new(
            (n, Some(code.to_owned())),
            field.clone(),
            zh.into(),
            en.into(),
        )
    };
    let Some(geometry) = geometry else {
        return Err(refused("没有几何", "has no geometry"));
    };
    let shape = shape_from_geometry(geometry, sys).map_err(|reason| Refused {
        feature: n,
        code: Some(code.to_owned()),
        field: field.clone(),
        reason,
    })?;
    let in_china = shape.bounding_rect().is_some_and(|r| {
        CHINA.0.contains(&r.min().x)
            && CHINA.0.contains(&r.max().x)
            && CHINA.1.contains(&r.min().y)
            && CHINA.1.contains(&r.max().y)
    });
    if !in_china {
        return Err(refused(
            "超出中国范围（东经 73–136°，北纬 3–54°）",
            "lies outside China (73–136° E, 3–54° N)",
        ));
    }
    Ok(shape)
}

/// Refuses accepted regions that stick out of their parent's boundary (the
/// parent's in this collection, or else the stored one) by more than the tolerance.
fn within_parents(checked: &mut Checked, tree: &RegionTree) {
    let outside: Vec<(usize, Refused)> = {
        let incoming: HashMap<usize, &MultiPolygon<f64>> = (checked.accepted.iter())
            .map(|a| (a.region, &a.shape))
            .collect();
        (checked.accepted.iter().enumerate())
            .filter_map(|(n, a)| {
                let parent = tree.ancestors(a.region).nth(1)?;
                let shape = incoming
                    .get(&parent)
                    .copied()
                    .or(tree.region(parent).boundary.as_ref())?;
                let share = share_outside(&a.shape, shape);
                (share > PARENT_TOLERANCE)
                    .then(|| (n, too_far_out(a, share, &tree.region(parent).code)))
            })
            .collect()
    };
    for (n, refused) in outside.into_iter().rev() {
        checked.accepted.remove(n);
        checked.refused.push(refused);
    }
}

fn too_far_out(a: &Accepted, share: f64, parent_code: &str) -> Refused {
    let pct = format!("{:.1}", share * 100.0);
    Refused {
        feature: a.feature,
        code: Some(a.code.clone()),
        field: format!("features[{}].geometry", a.feature),
        reason: Text::new(
            format!("有 {pct}% 的面积超出上级 {parent_code} 的边界（容差 1%）"),
            format!("{pct} % of its area lies outside its parent {parent_code}'s boundary (tolerance 1 %)"),
        ),
    }
}

/// The share of `shape`'s area outside `parent`.
pub fn share_outside(shape: &MultiPolygon<f64>, parent: &MultiPolygon<f64>) -> f64 {
    let area = shape.unsigned_area();
    if area == 0.0 {
        return 0.0;
    }
    shape.difference(parent).unsigned_area() / area
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::point::LngLat;
    use crate::domain::regions::Region;
    use crate::domain::vocab::RegionLevel;

    fn region(code: &str, level: RegionLevel, parent: Option<&str>) -> Region {
        Region {
            code: code.into(),
            name: code.into(),
            level,
            category: None,
            parent_code: parent.map(Into::into),
            seat: LngLat::new(112.5, 37.5).ok(),
            boundary: None,
        }
    }

    fn square(code: &str, w: f64, s: f64, size: f64) -> serde_json::Value {
        let (e, n) = (w + size, s + size);
        serde_json::json!({ "type": "Feature", "properties": { "code": code }, "geometry": {
            "type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]] } })
    }

    #[test]
    fn children_must_stay_within_their_parent_up_to_the_tolerance() {
        use RegionLevel::*;
        let tree = RegionTree::new(vec![
            region("140000", Province, None),
            region("140700", Prefecture, Some("140000")),
            region("140721", County, Some("140700")),
            region("140722", County, Some("140700")),
        ])
        .unwrap();
        let collection = serde_json::json!({ "type": "FeatureCollection", "features": [
            square("140700", 112.0, 37.0, 1.0),
            square("140721", 112.1, 37.1, 0.5),       // inside
            square("140722", 112.8, 37.1, 0.5),       // 60 % outside
        ]});
        let checked = check_collection(collection, "code", CoordSys::Wgs84, &tree, |_| {}).unwrap();
        let accepted: Vec<&str> = checked.accepted.iter().map(|a| a.code.as_str()).collect();
        assert_eq!(accepted, ["140700", "140721"]);
        assert_eq!(checked.refused.len(), 1);
        assert_eq!(checked.refused[0].field, "features[2].geometry");
        assert!(
            checked.refused[0].reason.en.contains("60.0 %"),
            "{}",
            checked.refused[0].reason.en
        );
    }

    #[test]
    fn each_bad_feature_is_refused_by_its_field_and_reason() {
        use RegionLevel::*;
        let tree = RegionTree::new(vec![
            region("140000", Province, None),
            region("140700", Prefecture, Some("140000")),
        ])
        .unwrap();
        let no_code = serde_json::json!({ "type": "Feature", "properties": {}, "geometry": null });
        let no_geometry = serde_json::json!({ "type": "Feature", "properties": { "code": 140000 }, "geometry": null });
        let collection = serde_json::json!({ "type": "FeatureCollection", "features": [
            square("140700", 112.0, 37.0, 1.0),
            square("140700", 112.0, 37.0, 1.0),
            no_code,
            no_geometry,
            square("999999", 112.0, 37.0, 1.0),
        ]});
        let checked = check_collection(collection, "code", CoordSys::Wgs84, &tree, |_| {}).unwrap();
        let refused: Vec<(usize, &str, &str)> = (checked.refused.iter())
            .map(|r| (r.feature, r.field.as_str(), r.reason.en.as_str()))
            .collect();
        assert_eq!(
            refused,
            [
                (1, "features[1].properties.code", "repeats feature 0"),
                (
                    2,
                    "features[2].properties.code",
                    "the region code is missing"
                ),
                (3, "features[3].geometry", "has no geometry"),
                (
                    4,
                    "features[4].properties.code",
                    "no region has code 999999"
                ),
            ]
        );
        let abroad = serde_json::json!({ "type": "FeatureCollection", "features": [
            square("140000", 2.0, 48.0, 1.0),
        ]});
        let checked = check_collection(abroad, "code", CoordSys::Wgs84, &tree, |_| {}).unwrap();
        assert_eq!(checked.refused[0].field, "features[0].geometry");
        assert!(checked.refused[0].reason.en.contains("outside China"));
    }
}
