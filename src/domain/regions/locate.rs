//! Which jurisdiction a point is in (属地).
//!
//! Bottom-up: a point covered by an imported boundary is in the smallest
//! such region (a park before its county, a county before its prefecture),
//! whatever the nearest seats say, and that region's ancestors follow from
//! the tree, exact too. Below the smallest covering region — or from the top
//! where no boundary covers the point — each level is chosen by the nearest
//! seat (驻地) among the regions without a boundary, flagged approximate. A
//! boundary-less park is only chosen within [`PARK_RADIUS_M`] of its centre
//! and nearer to it than to the county seat.
//!
//! **Border rule.** A point on a boundary is covered by it, so a point on a
//! border shared by two regions of the same depth is covered by both; it goes
//! to the one with the smaller code (GB/T 2260 order), every time.

use super::{Located, RegionTree};
use crate::domain::point::{chord_to_metres, LngLat};
use crate::domain::vocab::RegionLevel;

/// Farthest a point may be from the nearest seat to be located approximately.
pub const MAX_APPROXIMATE_M: f64 = 500_000.0;
/// Farthest a point may be from a boundary-less park's centre to be placed in it.
pub const PARK_RADIUS_M: f64 = 5_000.0;

impl RegionTree {
    /// The chain of regions containing the point, smallest first (park, county,
    /// prefecture, province); empty when the point is in no region.
    pub fn locate(&self, p: LngLat) -> Vec<Located> {
        let exact = self.smallest_covering(p);
        let mut chain: Vec<Located> = exact
            .map(|i| self.ancestors(i).collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .rev()
            .map(|index| Located {
                index,
                approximate: false,
            })
            .collect();
        let mut parent = exact;
        while !self.children(parent).is_empty() {
            let found = match parent {
                Some(i) if self.regions[i].level == RegionLevel::County => self.locate_park(i, p),
                _ => self.nearest_seat_child(parent, p),
            };
            let Some(found) = found else { break };
            parent = Some(found.index);
            chain.push(found);
        }
        chain.reverse();
        chain
    }

    /// The deepest region whose imported boundary covers the point; among
    /// regions of the same depth, the smallest code (the border rule).
    pub fn smallest_covering(&self, p: LngLat) -> Option<usize> {
        let shape_of = |i: usize| self.regions[i].boundary.as_ref();
        self.boundaries.covering(p, shape_of).max_by(|&a, &b| {
            let depth = self.depth(a).cmp(&self.depth(b));
            depth.then_with(|| self.regions[b].code.cmp(&self.regions[a].code))
        })
    }

    /// The child of `parent` (a province for `None`) with the nearest seat,
    /// among those without a boundary (a boundary that covered the point would
    /// have been found by [`Self::smallest_covering`]).
    fn nearest_seat_child(&self, parent: Option<usize>, p: LngLat) -> Option<Located> {
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
