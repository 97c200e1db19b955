//! Coverage of the network (全覆盖): for every county and park under a
//! region, whether an active outlet of each kind serves it, and how far its
//! seat (or centre) is from the nearest one. Read from the directory in
//! memory, so it changes the moment an outlet is added or closed.

use crate::directory::Directory;
use crate::domain::spatial::NearestQuery;
use crate::domain::vocab::{OutletKind, OutletStatus, RegionLevel};

/// One kind of outlet for one area.
#[derive(Debug, Clone, PartialEq)]
pub struct KindCoverage {
    /// The kind.
    pub kind: OutletKind,
    /// An active outlet of this kind is registered in the area or under it.
    pub covered: bool,
    /// The nearest active outlet of this kind to the area's seat: id, name, metres.
    pub nearest: Option<(String, String, f64)>,
}

/// One county or park.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaCoverage {
    /// The region's index in the tree.
    pub region: usize,
    /// Per kind asked, in the order asked.
    pub kinds: Vec<KindCoverage>,
}

/// Every county and park under `region` (its parks, for a county), in code order.
pub fn areas(dir: &Directory, region: usize) -> Vec<usize> {
    let mut found: Vec<usize> = (dir.regions.descendants(region).into_iter())
        .filter_map(|code| dir.regions.index_of(code))
        .filter(|&i| i != region)
        .filter(|&i| {
            matches!(
                dir.regions.region(i).level,
                RegionLevel::County | RegionLevel::Park
            )
        })
        .collect();
    found.sort_by(|&a, &b| dir.regions.region(a).code.cmp(&dir.regions.region(b).code));
    found
}

fn active(kind: OutletKind) -> impl Fn(&OutletKind, OutletStatus) -> bool {
    move |k, status| *k == kind && status != OutletStatus::Closed
}

/// Coverage of each area under `region` by each kind.
pub fn coverage(dir: &Directory, region: usize, kinds: &[OutletKind]) -> Vec<AreaCoverage> {
    (areas(dir, region).into_iter())
        .map(|area| {
            let under = dir.regions.descendants(area);
            let seat = dir.regions.region(area).seat;
            let kinds = (kinds.iter())
                .map(|&kind| {
                    let wanted = active(kind);
                    let covered = (under.iter()).any(|code| {
                        dir.outlets_in_region(code)
                            .any(|o| wanted(&o.kind(), o.status()))
                    });
                    let nearest = seat.and_then(|origin| {
                        let query = NearestQuery {
                            origin,
                            limit: 1,
                            radius_m: None,
                            after: None,
                        };
                        let hits = dir
                            .outlets
                            .nearest(&query, |o| wanted(&o.kind(), o.status()));
                        hits.first().map(|h| {
                            (
                                h.id.to_owned(),
                                h.payload.details().name().to_owned(),
                                h.distance_m,
                            )
                        })
                    });
                    KindCoverage {
                        kind,
                        covered,
                        nearest,
                    }
                })
                .collect();
            AreaCoverage {
                region: area,
                kinds,
            }
        })
        .collect()
}
