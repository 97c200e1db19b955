//! The region tree (行政区划) and "which jurisdiction am I in" (属地) lookups.
//!
//! A region is located by its boundary where one was imported; otherwise
//! approximately, by the nearest seat (驻地) among the regions under its
//! parent. Parks (园区) are small, so a park without a boundary is only
//! chosen when the point is within [`PARK_RADIUS_M`] of its centre and nearer to
//! it than to the county seat.

use std::collections::HashMap;

use geo::{BoundingRect, Contains, MultiPolygon, Rect};
use rstar::primitives::GeomWithData;
use rstar::RTree;

use super::point::{chord_to_metres, LngLat};
use super::vocab::RegionLevel;

/// Farthest a point may be from the nearest seat to be located approximately.
pub const MAX_APPROXIMATE_M: f64 = 500_000.0;
/// Farthest a point may be from a boundary-less park's centre to be placed in it.
pub const PARK_RADIUS_M: f64 = 5_000.0;

/// One region as loaded from storage.
#[derive(Debug, Clone)]
pub struct Region {
    /// GB/T 2260 code, or `<county code>P<nn>` for a park.
    pub code: String,
    /// Official Chinese name.
    pub name: String,
    /// Administrative level.
    pub level: RegionLevel,
    /// Type in Chinese, e.g. 市辖区, 县级市, 自治州.
    pub category: Option<String>,
    /// Parent region's code; `None` for provinces.
    pub parent_code: Option<String>,
    /// Seat of government (or park centre), WGS-84.
    pub seat: Option<LngLat>,
    /// Imported boundary, WGS-84.
    pub boundary: Option<MultiPolygon<f64>>,
}

/// A region found by [`RegionTree::locate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    /// Index of the region in the tree.
    pub index: usize,
    /// True when found by nearest seat rather than by boundary.
    pub approximate: bool,
}

type Seat = GeomWithData<[f64; 3], usize>;

/// All regions, with parent/child links and a spatial index of their seats.
#[derive(Debug, Default)]
pub struct RegionTree {
    regions: Vec<Region>,
    bounds: Vec<Option<Rect<f64>>>,
    by_code: HashMap<String, usize>,
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    roots: Vec<usize>,
    seats: RTree<Seat>,
}

impl RegionTree {
    /// Links regions to their parents; fails on a parent that does not exist.
    pub fn new(regions: Vec<Region>) -> Result<Self, String> {
        let by_code: HashMap<String, usize> = regions
            .iter()
            .enumerate()
            .map(|(i, r)| (r.code.clone(), i))
            .collect();
        let mut parent = Vec::with_capacity(regions.len());
        let mut children = vec![Vec::new(); regions.len()];
        let mut roots = Vec::new();
        for (i, r) in regions.iter().enumerate() {
            let p = match &r.parent_code {
                None => None,
                Some(code) => Some(
                    *by_code
                        .get(code)
                        .ok_or_else(|| format!("region {} names missing parent {code}", r.code))?,
                ),
            };
            match p {
                Some(p) => children[p].push(i),
                None => roots.push(i),
            }
            parent.push(p);
        }
        let seats = RTree::bulk_load(
            regions
                .iter()
                .enumerate()
                .filter_map(|(i, r)| Some(Seat::new(r.seat?.unit_vector(), i)))
                .collect(),
        );
        let bounds = regions
            .iter()
            .map(|r| r.boundary.as_ref().and_then(|b| b.bounding_rect()))
            .collect();
        Ok(Self {
            regions,
            bounds,
            by_code,
            parent,
            children,
            roots,
            seats,
        })
    }

    /// Every region with its index, in load (code) order.
    pub fn iter(&self) -> impl Iterator<Item = (usize, &Region)> {
        self.regions.iter().enumerate()
    }

    /// Number of regions.
    pub fn len(&self) -> usize {
        self.regions.len()
    }

    /// True when there are no regions.
    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }

    /// Index of the region with this code.
    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.by_code.get(code).copied()
    }

    /// The region at an index from this tree.
    pub fn region(&self, index: usize) -> &Region {
        &self.regions[index]
    }

    /// The region with this code.
    pub fn get(&self, code: &str) -> Option<&Region> {
        self.index_of(code).map(|i| &self.regions[i])
    }

    /// Indices of the region's children, or of the provinces for `None`.
    pub fn children(&self, index: Option<usize>) -> &[usize] {
        match index {
            Some(i) => &self.children[i],
            None => &self.roots,
        }
    }

    /// The region and its ancestors, nearest first.
    pub fn ancestors(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(index), |&i| self.parent[i])
    }

    /// Codes of the region and everything under it.
    pub fn descendants(&self, index: usize) -> Vec<&str> {
        let mut out = Vec::new();
        let mut stack = vec![index];
        while let Some(i) = stack.pop() {
            out.push(self.regions[i].code.as_str());
            stack.extend(&self.children[i]);
        }
        out
    }

    /// Replaces (or with `None` removes) a region's boundary.
    pub fn set_boundary(&mut self, index: usize, boundary: Option<MultiPolygon<f64>>) {
        self.bounds[index] = boundary.as_ref().and_then(|b| b.bounding_rect());
        self.regions[index].boundary = boundary;
    }

    /// The chain of regions containing the point, smallest first (park, county,
    /// prefecture, province); empty when the point is in no region.
    pub fn locate(&self, p: LngLat) -> Vec<Located> {
        let mut chain = Vec::new();
        let mut parent = None;
        loop {
            let candidates = self.children(parent);
            if candidates.is_empty() {
                break;
            }
            let found = match parent {
                Some(i) if self.regions[i].level == RegionLevel::County => self.locate_park(i, p),
                _ => self.locate_child(parent, p),
            };
            let Some(found) = found else { break };
            parent = Some(found.index);
            chain.push(found);
        }
        chain.reverse();
        chain
    }

    fn inside_boundary(&self, index: usize, p: LngLat) -> Option<bool> {
        let shape = self.regions[index].boundary.as_ref()?;
        let bounds = self.bounds[index]?;
        Some(bounds.contains(&p.to_geo()) && shape.contains(&p.to_geo()))
    }

    fn by_boundary(&self, parent: Option<usize>, p: LngLat) -> Option<Located> {
        let index = *self
            .children(parent)
            .iter()
            .find(|&&c| self.inside_boundary(c, p) == Some(true))?;
        Some(Located {
            index,
            approximate: false,
        })
    }

    fn locate_child(&self, parent: Option<usize>, p: LngLat) -> Option<Located> {
        if let Some(found) = self.by_boundary(parent, p) {
            return Some(found);
        }
        for (seat, d2) in self
            .seats
            .nearest_neighbor_iter_with_distance_2(&p.unit_vector())
        {
            if chord_to_metres(d2.sqrt()) > MAX_APPROXIMATE_M {
                return None;
            }
            let Some(child) = self
                .ancestors(seat.data)
                .find(|&a| self.parent[a] == parent)
            else {
                continue;
            };
            // A child with a boundary was already ruled out above.
            if self.regions[child].boundary.is_none() {
                return Some(Located {
                    index: child,
                    approximate: true,
                });
            }
        }
        None
    }

    fn locate_park(&self, county: usize, p: LngLat) -> Option<Located> {
        if let Some(found) = self.by_boundary(Some(county), p) {
            return Some(found);
        }
        let county_m = self.regions[county]
            .seat
            .map_or(f64::INFINITY, |s| s.distance_m(p));
        let (index, park_m) = self.children[county]
            .iter()
            .filter(|&&c| self.regions[c].boundary.is_none())
            .filter_map(|&c| Some((c, self.regions[c].seat?.distance_m(p))))
            .min_by(|a, b| a.1.total_cmp(&b.1))?;
        (park_m <= PARK_RADIUS_M && park_m < county_m).then_some(Located {
            index,
            approximate: true,
        })
    }
}

#[cfg(test)]
#[path = "regions_tests.rs"]
mod tests;
