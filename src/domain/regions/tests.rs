use geo::{polygon, MultiPolygon};

use super::*;

fn region(
    code: &str,
    level: RegionLevel,
    parent: Option<&str>,
    seat: Option<(f64, f64)>,
) -> Region {
    Region {
        code: code.into(),
        name: code.into(),
        level,
        category: None,
        parent_code: parent.map(Into::into),
        seat: seat.map(|(lng, lat)| LngLat::new(lng, lat).unwrap()),
        boundary: None,
    }
}

/// Shanxi with two counties of Jinzhong, a park in Pingyao, and Henan next door.
fn tree() -> RegionTree {
    use RegionLevel::*;
    RegionTree::new(vec![
        region("140000", Province, None, Some((112.55, 37.87))),
        region("140700", Prefecture, Some("140000"), Some((112.75, 37.69))),
        region("140728", County, Some("140700"), Some((112.17, 37.19))),
        region("140727", County, Some("140700"), Some((112.33, 37.36))),
        region("140728P01", Park, Some("140728"), Some((112.20, 37.21))),
        region("410000", Province, None, Some((113.63, 34.75))),
        region("410100", Prefecture, Some("410000"), Some((113.63, 34.75))),
    ])
    .unwrap()
}

fn codes(tree: &RegionTree, chain: &[Located]) -> Vec<(String, bool)> {
    chain
        .iter()
        .map(|l| (tree.region(l.index).code.clone(), l.approximate))
        .collect()
}

fn at(lng: f64, lat: f64) -> LngLat {
    LngLat::new(lng, lat).unwrap()
}

#[test]
fn locates_by_nearest_seat_and_flags_it() {
    let t = tree();
    let chain = t.locate(at(112.10, 37.15));
    let expected = [("140728", true), ("140700", true), ("140000", true)];
    assert_eq!(codes(&t, &chain), expected.map(|(c, a)| (c.to_string(), a)));
}

#[test]
fn park_only_near_its_centre() {
    let t = tree();
    let chain = t.locate(at(112.205, 37.212));
    assert_eq!(codes(&t, &chain)[0], ("140728P01".to_string(), true));
    // Far from the park centre and nearer the county seat: the county, no park.
    assert_eq!(codes(&t, &t.locate(at(112.16, 37.18)))[0].0, "140728");
}

#[test]
fn boundary_wins_over_nearest_seat() {
    let mut t = tree();
    // A boundary for Qixian that reaches down over a point nearer Pingyao's seat.
    let qixian = polygon![(x: 112.0, y: 37.17), (x: 112.5, y: 37.17), (x: 112.5, y: 37.5), (x: 112.0, y: 37.5)];
    t.set_boundary(
        t.index_of("140727").unwrap(),
        Some(MultiPolygon(vec![qixian])),
    );
    let chain = t.locate(at(112.18, 37.18));
    assert_eq!(codes(&t, &chain)[0], ("140727".to_string(), false));
    // Outside Qixian's boundary the nearest seat without a boundary is used.
    assert_eq!(
        codes(&t, &t.locate(at(112.18, 37.16)))[0],
        ("140728".to_string(), true)
    );
}

#[test]
fn far_away_points_are_in_no_region() {
    let t = tree();
    assert!(t.locate(at(-0.13, 51.5)).is_empty());
}

#[test]
fn ancestors_and_descendants() {
    let t = tree();
    let park = t.index_of("140728P01").unwrap();
    let chain: Vec<_> = t
        .ancestors(park)
        .map(|i| t.region(i).code.as_str())
        .collect();
    assert_eq!(chain, ["140728P01", "140728", "140700", "140000"]);
    let mut under = t.descendants(t.index_of("140700").unwrap());
    under.sort();
    assert_eq!(under, ["140700", "140727", "140728", "140728P01"]);
    assert!(RegionTree::new(vec![region("1", RegionLevel::County, Some("9"), None)]).is_err());
}

/// Two prefectures side by side, two counties each; Wuxiang's seat sits near
/// the border, so points of the western prefecture's county near it are
/// nearer Wuxiang's seat than their own.
fn two_prefectures() -> RegionTree {
    use RegionLevel::*;
    let mut t = RegionTree::new(vec![
        region("140000", Province, None, Some((112.5, 37.5))),
        region("140700", Prefecture, Some("140000"), Some((112.0, 37.5))),
        region("140722", County, Some("140700"), Some((112.2, 37.5))),
        region("140723", County, Some("140700"), Some((111.8, 37.5))),
        region("140400", Prefecture, Some("140000"), Some((113.0, 37.5))),
        region("140429", County, Some("140400"), Some((112.55, 37.5))),
        region("140430", County, Some("140400"), Some((113.2, 37.5))),
    ])
    .unwrap();
    let rect = |w: f64, e: f64| {
        MultiPolygon(vec![
            polygon![(x: w, y: 37.0), (x: e, y: 37.0), (x: e, y: 38.0), (x: w, y: 38.0)],
        ])
    };
    for (code, w, e) in [
        ("140723", 111.5, 112.0),
        ("140722", 112.0, 112.5),
        ("140429", 112.5, 113.0),
        ("140430", 113.0, 113.5),
    ] {
        t.set_boundary(t.index_of(code).unwrap(), Some(rect(w, e)));
    }
    t
}

#[test]
fn imported_counties_decide_the_prefecture_too() {
    let t = two_prefectures();
    // Inside 140722 (prefecture 140700), 5 km from 140429's seat across the border.
    let chain = codes(&t, &t.locate(at(112.49, 37.5)));
    let exact = |c: &str| (c.to_string(), false);
    assert_eq!(chain, [exact("140722"), exact("140700"), exact("140000")]);
    // And the other way round.
    let chain = codes(&t, &t.locate(at(112.51, 37.52)));
    assert_eq!(chain, [exact("140429"), exact("140400"), exact("140000")]);
    // Outside every polygon: nearest seat, approximate; its counties have
    // boundaries that do not hold the point, so the chain stops above them.
    let chain = codes(&t, &t.locate(at(112.3, 38.2)));
    let approx = |c: &str| (c.to_string(), true);
    assert_eq!(chain, [approx("140700"), approx("140000")]);
}

#[test]
fn a_point_on_a_shared_border_goes_to_the_smaller_code() {
    let t = two_prefectures();
    for lat in [37.0, 37.3, 37.999] {
        assert_eq!(
            codes(&t, &t.locate(at(112.5, lat)))[0],
            ("140429".to_string(), false)
        );
        assert_eq!(
            codes(&t, &t.locate(at(112.0, lat)))[0],
            ("140722".to_string(), false)
        );
    }
}

#[test]
fn replacing_a_boundary_forgets_the_old_one() {
    let mut t = two_prefectures();
    let i = t.index_of("140722").unwrap();
    let moved = polygon![(x: 120.0, y: 30.0), (x: 120.5, y: 30.0), (x: 120.5, y: 30.5), (x: 120.0, y: 30.5)];
    t.set_boundary(i, Some(MultiPolygon(vec![moved])));
    assert_ne!(
        codes(&t, &t.locate(at(112.2, 37.5)))[0],
        ("140722".to_string(), false)
    );
    assert_eq!(t.smallest_covering(at(120.2, 30.2)), Some(i));
    t.set_boundary(i, None);
    assert_eq!(t.smallest_covering(at(120.2, 30.2)), None);
    assert_eq!(t.with_boundary(), 3);
}

mod agrees_with_brute_force {
    use geo::{Intersects, LineString, Polygon};
    use proptest::prelude::*;

    use super::*;

    /// A small tree: one province, three prefectures, four counties each.
    fn grid_tree() -> RegionTree {
        use RegionLevel::*;
        let mut regions = vec![region("100000", Province, None, Some((110.0, 30.0)))];
        for p in 1..=3 {
            let code = format!("1{p}0000");
            let x = 109.0 + p as f64;
            regions.push(region(&code, Prefecture, Some("100000"), Some((x, 30.0))));
            for c in 1..=4 {
                let seat = (x + c as f64 * 0.2, 30.2);
                regions.push(region(
                    &format!("1{p}010{c}"),
                    County,
                    Some(&code),
                    Some(seat),
                ));
            }
        }
        RegionTree::new(regions).unwrap()
    }

    /// A random simple polygon: a star-shaped ring around a centre.
    fn ring() -> impl Strategy<Value = Polygon<f64>> {
        (
            109.0..113.0f64,
            29.0..31.0f64,
            prop::collection::vec(0.05..1.0f64, 3..12),
        )
            .prop_map(|(x, y, radii)| {
                let n = radii.len();
                let mut points: Vec<(f64, f64)> = (radii.iter().enumerate())
                    .map(|(k, r)| {
                        let a = std::f64::consts::TAU * k as f64 / n as f64;
                        (x + r * a.cos(), y + r * a.sin())
                    })
                    .collect();
                points.push(points[0]);
                Polygon::new(LineString::from(points), vec![])
            })
    }

    fn brute_force(t: &RegionTree, p: LngLat) -> Option<usize> {
        let point = geo::coord! { x: p.lng(), y: p.lat() };
        (t.iter())
            .filter(|(_, r)| r.boundary.as_ref().is_some_and(|b| b.intersects(&point)))
            .map(|(i, _)| i)
            .max_by(|&a, &b| {
                (t.depth(a).cmp(&t.depth(b))).then_with(|| t.region(b).code.cmp(&t.region(a).code))
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn locate_equals_point_in_polygon_over_all_boundaries(
            shapes in prop::collection::vec((0usize..16, ring()), 1..12),
            points in prop::collection::vec((109.0..113.0f64, 29.0..31.0f64), 50),
        ) {
            let mut t = grid_tree();
            for (i, polygon) in shapes {
                let index = i % t.len();
                let mut shape = t.region(index).boundary.clone().unwrap_or(MultiPolygon(vec![]));
                shape.0.push(polygon);
                t.set_boundary(index, Some(shape));
            }
            for (lng, lat) in points {
                let p = at(lng, lat);
                let expected = brute_force(&t, p);
                prop_assert_eq!(t.smallest_covering(p), expected);
                let chain = t.locate(p);
                let deepest_exact = chain.iter().find(|l| !l.approximate).map(|l| l.index);
                prop_assert_eq!(deepest_exact, expected);
            }
        }
    }
}
