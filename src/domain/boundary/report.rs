//! Whether the imported boundaries under a region fit together: children
//! that overlap each other, gaps they leave inside their parent, parts that
//! stick out of it, and children still without a boundary. Areas are
//! geodesic, in km²; slivers under [`SLIVER_KM2`] are float noise and ignored.

use geo::{BooleanOps, BoundingRect, GeodesicArea, Intersects, MultiPolygon};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::regions::RegionTree;

/// Areas below this (1 ha) are not reported.
pub const SLIVER_KM2: f64 = 0.01;

/// Two children whose boundaries overlap.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Overlap {
    /// One region's code.
    pub a: String,
    /// The other's.
    pub b: String,
    /// Area covered by both, km².
    pub km2: f64,
}

/// A child part of whose area lies outside its parent.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Outside {
    /// The child's code.
    pub code: String,
    /// Area outside the parent's boundary, km².
    pub km2: f64,
}

/// How the boundaries under one region fit together.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ConsistencyReport {
    /// The region whose children are checked; `null` for the provinces.
    #[schema(example = "140400")]
    pub region: Option<String>,
    /// Its children.
    pub children: usize,
    /// Of those, with a boundary.
    pub with_boundary: usize,
    /// Pairs of children whose boundaries overlap.
    pub overlaps: Vec<Overlap>,
    /// Area inside the region's boundary that no child's covers, km²
    /// (`null` when the region has no boundary or no child has one).
    pub gaps_km2: Option<f64>,
    /// Children sticking out of the region's boundary.
    pub outside: Vec<Outside>,
    /// Children without a boundary (located by nearest seat).
    pub without_boundary: Vec<String>,
}

fn km2(shape: &MultiPolygon<f64>) -> f64 {
    (shape.geodesic_area_unsigned() / 1e6 * 1000.0).round() / 1000.0
}

/// Checks the children of `region` (the provinces for `None`).
pub fn consistency(tree: &RegionTree, region: Option<usize>) -> ConsistencyReport {
    let children = tree.children(region);
    let shaped: Vec<(usize, &MultiPolygon<f64>)> = (children.iter())
        .filter_map(|&c| Some((c, tree.region(c).boundary.as_ref()?)))
        .collect();
    let code = |i: usize| tree.region(i).code.clone();
    let mut overlaps = Vec::new();
    for (n, (a, sa)) in shaped.iter().enumerate() {
        for (b, sb) in &shaped[n + 1..] {
            let boxes = sa.bounding_rect().zip(sb.bounding_rect());
            if !boxes.is_some_and(|(x, y)| x.intersects(&y)) {
                continue;
            }
            let area = km2(&sa.intersection(*sb));
            if area >= SLIVER_KM2 {
                overlaps.push(Overlap {
                    a: code(*a),
                    b: code(*b),
                    km2: area,
                });
            }
        }
    }
    let parent = region.and_then(|r| tree.region(r).boundary.as_ref());
    let outside = (shaped.iter())
        .filter_map(|(c, s)| {
            let area = km2(&s.difference(parent?));
            (area >= SLIVER_KM2).then(|| Outside {
                code: code(*c),
                km2: area,
            })
        })
        .collect();
    let gaps_km2 = parent.filter(|_| !shaped.is_empty()).map(|p| {
        let union = (shaped.iter()).fold(MultiPolygon::new(vec![]), |u, (_, s)| u.union(*s));
        let gap = km2(&p.difference(&union));
        if gap >= SLIVER_KM2 {
            gap
        } else {
            0.0
        }
    });
    ConsistencyReport {
        region: region.map(code),
        children: children.len(),
        with_boundary: shaped.len(),
        overlaps,
        gaps_km2,
        outside,
        without_boundary: (children.iter())
            .filter(|&&c| tree.region(c).boundary.is_none())
            .map(|&c| code(c))
            .collect(),
    }
}
