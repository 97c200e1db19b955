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
