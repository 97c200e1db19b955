//! Imported boundaries indexed for point lookups: every polygon of every
//! region (an island is a polygon of its own) in one R-tree over their
//! envelopes, so a point is tested against the few polygons whose envelope
//! holds it, at any number of regions.

use geo::{BoundingRect, Coord, Intersects, MultiPolygon, Polygon};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};

use crate::domain::point::LngLat;

/// One polygon's envelope, with its region and its place in the region's MultiPolygon.
type Part = GeomWithData<Rectangle<[f64; 2]>, (usize, usize)>;

/// The R-tree of the polygons' envelopes.
#[derive(Debug, Default)]
pub struct BoundaryIndex {
    tree: RTree<Part>,
}

fn parts(index: usize, shape: &MultiPolygon<f64>) -> impl Iterator<Item = Part> + '_ {
    shape.0.iter().enumerate().filter_map(move |(n, polygon)| {
        let rect = polygon.bounding_rect()?;
        let (min, max) = (rect.min(), rect.max());
        Some(Part::new(
            Rectangle::from_corners([min.x, min.y], [max.x, max.y]),
            (index, n),
        ))
    })
}

impl BoundaryIndex {
    /// Indexes the boundaries of the regions given (region index, shape).
    pub fn build<'a>(shapes: impl Iterator<Item = (usize, &'a MultiPolygon<f64>)>) -> Self {
        let all: Vec<Part> = shapes.flat_map(|(i, s)| parts(i, s)).collect();
        Self {
            tree: RTree::bulk_load(all),
        }
    }

    /// Adds a region's boundary.
    pub fn insert(&mut self, index: usize, shape: &MultiPolygon<f64>) {
        for part in parts(index, shape) {
            self.tree.insert(part);
        }
    }

    /// Removes a region's boundary (the shape it was inserted with).
    pub fn remove(&mut self, index: usize, shape: &MultiPolygon<f64>) {
        for part in parts(index, shape) {
            self.tree.remove(&part);
        }
    }

    /// The regions whose boundary covers the point, border included; each
    /// once. `shape_of` gives a region's stored boundary.
    pub fn covering<'a>(
        &'a self,
        p: LngLat,
        shape_of: impl Fn(usize) -> Option<&'a MultiPolygon<f64>> + 'a,
    ) -> impl Iterator<Item = usize> + 'a {
        let point = Coord {
            x: p.lng(),
            y: p.lat(),
        };
        let envelope = AABB::from_point([point.x, point.y]);
        let mut found: Vec<usize> = (self.tree.locate_in_envelope_intersecting(&envelope))
            .filter(move |part| {
                let (region, n) = part.data;
                shape_of(region)
                    .and_then(|s| s.0.get(n))
                    .is_some_and(|polygon: &Polygon<f64>| polygon.intersects(&point))
            })
            .map(|part| part.data.0)
            .collect();
        found.sort_unstable();
        found.dedup();
        found.into_iter()
    }
}
