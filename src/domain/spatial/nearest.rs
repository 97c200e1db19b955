//! The nearest walk: the packed tree's and rstar's walks merged, filtered
//! as they go, the exact great-circle distance deciding the order.

use super::packed::TreePoint;
use super::{unit_f32, Keyed, SpatialIndex};
use crate::domain::cursor::NearestCursor;
use crate::domain::point::{chord_to_metres, LngLat};

/// Slack when comparing tree (f32 chord) and exact haversine distances: f32
/// unit vectors are good to about 0.6 m, so candidates within 2 m of the
/// cut-off are all looked at and ordered by the exact distance.
const DISTANCE_SLACK_M: f64 = 2.0;

/// Hits held from the start; a larger limit grows the list as hits come.
const MAX_PREALLOCATED_HITS: usize = 256;

/// A nearest-neighbour request.
#[derive(Debug, Clone)]
pub struct NearestQuery {
    /// Where distances are measured from.
    pub origin: LngLat,
    /// Most items to return.
    pub limit: usize,
    /// Only items at most this far, in metres.
    pub radius_m: Option<f64>,
    /// Only items strictly after this (distance, id) position.
    pub after: Option<NearestCursor>,
}

/// One item found by [`SpatialIndex::nearest`].
#[derive(Debug)]
pub struct Hit<'a, T> {
    /// The item's id.
    pub id: &'a str,
    /// What was stored with it.
    pub payload: &'a T,
    /// Great-circle distance from the origin in metres.
    pub distance_m: f64,
}

impl<T: Keyed> SpatialIndex<T> {
    /// The nearest items accepted by `filter`, ordered by (distance, id).
    pub fn nearest<F>(&self, query: &NearestQuery, filter: F) -> Vec<Hit<'_, T>>
    where
        F: Fn(&T) -> bool,
    {
        if query.limit == 0 {
            return Vec::new();
        }
        let origin = unit_f32(query.origin);
        let mut hits: Vec<Hit<'_, T>> = Vec::with_capacity(query.limit.min(MAX_PREALLOCATED_HITS));
        // Once `limit` hits are held, only items as near as the farthest of them can still matter.
        let mut cutoff_m = f64::INFINITY;
        let added = self.added.nearest_neighbor_iter_with_distance_2(&origin);
        for (point, d2) in merged(self.packed.nearest(origin), added) {
            let approx_m = chord_to_metres(f64::from(d2).sqrt());
            if approx_m > cutoff_m + DISTANCE_SLACK_M
                || query
                    .radius_m
                    .is_some_and(|r| approx_m > r + DISTANCE_SLACK_M)
            {
                break;
            }
            let Some(payload) = self.slots[point.slot as usize].as_ref() else {
                continue;
            };
            if !filter(payload) {
                continue;
            }
            let distance_m = query.origin.distance_m(payload.position());
            let id = payload.key();
            if query.radius_m.is_some_and(|r| distance_m > r) || !is_after(query, distance_m, id) {
                continue;
            }
            hits.push(Hit {
                id,
                payload,
                distance_m,
            });
            if hits.len() == query.limit {
                cutoff_m = hits.iter().map(|h| h.distance_m).fold(0.0, f64::max);
            }
        }
        hits.sort_by(|a, b| {
            a.distance_m
                .total_cmp(&b.distance_m)
                .then_with(|| a.id.cmp(b.id))
        });
        hits.truncate(query.limit);
        hits
    }
}

/// Two walks nearest first, as one.
fn merged<'a>(
    a: impl Iterator<Item = (TreePoint, f32)> + 'a,
    b: impl Iterator<Item = (&'a TreePoint, f32)> + 'a,
) -> impl Iterator<Item = (TreePoint, f32)> + 'a {
    let (mut a, mut b) = (a.peekable(), b.map(|(p, d2)| (*p, d2)).peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if y.1 < x.1 => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    })
}

fn is_after(query: &NearestQuery, distance_m: f64, id: &str) -> bool {
    match &query.after {
        None => true,
        Some(c) => distance_m
            .total_cmp(&c.d)
            .then_with(|| id.cmp(&c.id))
            .is_gt(),
    }
}
