//! The region tree (行政区划) and "which jurisdiction am I in" (属地) lookups
//! ([`locate`]): exact inside imported boundaries ([`boundaries`]), by nearest
//! seat elsewhere.

mod boundaries;
mod locate;

use std::collections::HashMap;

use geo::MultiPolygon;
use rstar::primitives::GeomWithData;
use rstar::RTree;

use self::boundaries::BoundaryIndex;
use super::point::LngLat;
use super::vocab::RegionLevel;

pub use self::locate::{MAX_APPROXIMATE_M, PARK_RADIUS_M};

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
    boundaries: BoundaryIndex,
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
        if by_code.len() != regions.len() {
            return Err("a region code appears twice".into());
        }
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
        let boundaries = BoundaryIndex::build(
            (regions.iter().enumerate()).filter_map(|(i, r)| Some((i, r.boundary.as_ref()?))),
        );
        Ok(Self {
            regions,
            boundaries,
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
        if let Some(old) = &self.regions[index].boundary {
            self.boundaries.remove(index, old);
        }
        if let Some(new) = &boundary {
            self.boundaries.insert(index, new);
        }
        self.regions[index].boundary = boundary;
    }

    /// How deep a region sits: 0 for a province, 1 for a prefecture…
    pub fn depth(&self, index: usize) -> usize {
        self.ancestors(index).count() - 1
    }

    /// Regions with an imported boundary.
    pub fn with_boundary(&self) -> usize {
        self.regions.iter().filter(|r| r.boundary.is_some()).count()
    }
}

#[cfg(test)]
mod tests;
