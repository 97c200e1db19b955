//! Synthetic county boundaries for benchmarks: the Voronoi cell of each
//! county seat (the points nearer to it than to any other seat, cut by the
//! bisectors with its 24 nearest seats and a 3° box around it), with each
//! outline densified to a realistic number of vertices. They tile the
//! country like real counties do; they are not real boundaries.

use geo::{Coord, LineString, MultiPolygon, Polygon};
use rstar::RTree;

use super::synthetic::Seat;

/// Neighbours whose bisectors cut a cell.
const NEIGHBOURS: usize = 24;

/// Keeps the part of a convex ring on `s`'s side of the bisector of `s`–`t`.
fn clip(ring: &[Coord<f64>], s: Coord<f64>, t: Coord<f64>) -> Vec<Coord<f64>> {
    let (m, d) = ((s + t) / 2.0, t - s);
    let side = |p: Coord<f64>| (p - m).x * d.x + (p - m).y * d.y;
    let mut out = Vec::with_capacity(ring.len() + 1);
    for (i, &a) in ring.iter().enumerate() {
        let b = ring[(i + 1) % ring.len()];
        let (fa, fb) = (side(a), side(b));
        if fa <= 0.0 {
            out.push(a);
        }
        if (fa < 0.0 && fb > 0.0) || (fa > 0.0 && fb < 0.0) {
            out.push(a + (b - a) * (fa / (fa - fb)));
        }
    }
    out
}

/// `vertices` points spread evenly along the ring's perimeter, corners kept.
fn densify(ring: &[Coord<f64>], vertices: usize) -> Vec<Coord<f64>> {
    let length = |a: Coord<f64>, b: Coord<f64>| (b - a).x.hypot((b - a).y);
    let perimeter: f64 = (0..ring.len())
        .map(|i| length(ring[i], ring[(i + 1) % ring.len()]))
        .sum();
    let step = perimeter / vertices.max(ring.len()) as f64;
    let mut out = Vec::with_capacity(vertices + ring.len() + 1);
    for i in 0..ring.len() {
        let (a, b) = (ring[i], ring[(i + 1) % ring.len()]);
        let pieces = (length(a, b) / step).ceil().max(1.0) as usize;
        out.extend((0..pieces).map(|k| a + (b - a) * (k as f64 / pieces as f64)));
    }
    out.push(out[0]);
    out
}

/// Each seat's cell, with about `vertices` vertices, by region code.
pub fn county_cells(seats: &[Seat], vertices: usize) -> Vec<(String, MultiPolygon<f64>)> {
    let points: Vec<[f64; 2]> = seats.iter().map(|s| [s.at.lng(), s.at.lat()]).collect();
    let tree = RTree::bulk_load(points.clone());
    (seats.iter().zip(&points))
        .map(|(seat, &[x, y])| {
            let s = Coord { x, y };
            let mut ring = vec![
                Coord {
                    x: x - 1.5,
                    y: y - 1.5,
                },
                Coord {
                    x: x + 1.5,
                    y: y - 1.5,
                },
                Coord {
                    x: x + 1.5,
                    y: y + 1.5,
                },
                Coord {
                    x: x - 1.5,
                    y: y + 1.5,
                },
            ];
            for &[tx, ty] in tree.nearest_neighbor_iter(&[x, y]).skip(1).take(NEIGHBOURS) {
                if (tx, ty) != (x, y) && ring.len() >= 3 {
                    ring = clip(&ring, s, Coord { x: tx, y: ty });
                }
            }
            let outline = LineString::new(densify(&ring, vertices));
            (
                seat.code.clone(),
                MultiPolygon(vec![Polygon::new(outline, vec![])]),
            )
        })
        .collect()
}

/// The cells as a GeoJSON FeatureCollection with the code in `code`.
pub fn feature_collection(cells: &[(String, MultiPolygon<f64>)]) -> serde_json::Value {
    let features: Vec<serde_json::Value> = (cells.iter())
        .map(|(code, shape)| {
            serde_json::json!({ "type": "Feature", "properties": { "code": code },
                "geometry": geojson::Geometry::from(shape) })
        })
        .collect();
    serde_json::json!({ "type": "FeatureCollection", "features": features })
}

#[cfg(test)]
mod tests {
    use geo::{Area, Contains};

    use super::*;
    use crate::domain::point::LngLat;

    #[test]
    fn cells_hold_their_seat_not_their_neighbours_and_have_the_detail_asked() {
        let seat = |code: &str, lng, lat| Seat {
            code: code.into(),
            name: code.into(),
            at: LngLat::new(lng, lat).unwrap(),
        };
        let seats = [
            seat("a", 112.0, 37.0),
            seat("b", 112.4, 37.0),
            seat("c", 112.2, 37.4),
        ];
        let cells = county_cells(&seats, 500);
        for (i, (_, cell)) in cells.iter().enumerate() {
            for (j, s) in seats.iter().enumerate() {
                let p = geo::Point::new(s.at.lng(), s.at.lat());
                assert_eq!(cell.contains(&p), i == j);
            }
            let n = cell.0[0].exterior().0.len();
            assert!((500..520).contains(&n), "{n}");
            assert!(cell.unsigned_area() > 0.0);
        }
    }
}
