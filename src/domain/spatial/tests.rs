use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::*;
use crate::domain::cursor::NearestCursor;

#[derive(Debug, Clone, PartialEq)]
struct Item {
    id: String,
    at: LngLat,
    kind: u8,
}

impl Keyed for Item {
    fn key(&self) -> &str {
        &self.id
    }

    fn position(&self) -> LngLat {
        self.at
    }
}

fn item(id: &str, at: LngLat, kind: u8) -> Item {
    Item {
        id: id.into(),
        at,
        kind,
    }
}

/// 12,000 points: most clustered over China as outlets are, some anywhere on Earth.
fn random_index(rng: &mut StdRng) -> (SpatialIndex<Item>, Vec<(String, LngLat, Item)>) {
    let items: Vec<_> = (0..12_000)
        .map(|i| {
            let p = if i % 10 == 0 {
                LngLat::new(
                    rng.random_range(-180.0..180.0),
                    rng.random_range(-89.0..89.0),
                )
            } else {
                LngLat::new(rng.random_range(74.0..134.0), rng.random_range(18.0..53.0))
            };
            // Kind 7 is rare (1 in 50) to exercise filtered searches.
            let kind = if rng.random_ratio(1, 50) {
                7
            } else {
                rng.random_range(0..7)
            };
            let id = format!("o{i:05}");
            let p = p.unwrap();
            (id.clone(), p, item(&id, p, kind))
        })
        .collect();
    let index = SpatialIndex::bulk_load(items.iter().map(|(_, _, i)| i.clone()));
    (index, items)
}

fn brute_force<'a>(
    items: &'a [(String, LngLat, Item)],
    q: &NearestQuery,
    filter: impl Fn(&Item) -> bool,
) -> Vec<(&'a str, f64)> {
    let mut all: Vec<_> = items
        .iter()
        .filter(|(_, _, item)| filter(item))
        .map(|(id, p, _)| (id.as_str(), q.origin.distance_m(*p)))
        .filter(|(_, d)| q.radius_m.is_none_or(|r| *d <= r))
        .collect();
    all.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(b.0)));
    all.truncate(q.limit);
    all
}

fn ids<'a, T>(hits: &[Hit<'a, T>]) -> Vec<(&'a str, f64)> {
    hits.iter().map(|h| (h.id, h.distance_m)).collect()
}

fn random_query(rng: &mut StdRng) -> NearestQuery {
    let origin = LngLat::new(rng.random_range(70.0..140.0), rng.random_range(10.0..56.0)).unwrap();
    let radius_m = rng
        .random_ratio(1, 3)
        .then(|| rng.random_range(10_000.0..400_000.0));
    NearestQuery {
        origin,
        limit: rng.random_range(1..=25),
        radius_m,
        after: None,
    }
}

#[test]
fn nearest_order_equals_brute_force_haversine_order() {
    let mut rng = StdRng::seed_from_u64(20261121);
    let (index, items) = random_index(&mut rng);
    for _ in 0..1_000 {
        let q = random_query(&mut rng);
        let all = index.nearest(&q, |_| true);
        assert_eq!(
            ids(&all),
            brute_force(&items, &q, |_| true),
            "unfiltered {q:?}"
        );
        let rare = index.nearest(&q, |item| item.kind == 7);
        assert_eq!(
            ids(&rare),
            brute_force(&items, &q, |i| i.kind == 7),
            "rare kind {q:?}"
        );
        let some = index.nearest(&q, |item| item.kind < 3);
        assert_eq!(
            ids(&some),
            brute_force(&items, &q, |i| i.kind < 3),
            "common kinds {q:?}"
        );
    }
}

#[test]
fn rare_filter_still_fills_the_page() {
    let mut rng = StdRng::seed_from_u64(1);
    let (index, items) = random_index(&mut rng);
    let rare_total = items.iter().filter(|(_, _, i)| i.kind == 7).count();
    assert!(rare_total > 100);
    let q = NearestQuery {
        origin: LngLat::new(112.18, 37.19).unwrap(),
        limit: 10,
        radius_m: None,
        after: None,
    };
    let hits = index.nearest(&q, |item| item.kind == 7);
    assert_eq!(hits.len(), 10);
    assert!(hits.iter().all(|h| h.payload.kind == 7));
}

#[test]
fn cursor_pages_concatenate_to_the_full_order() {
    let mut rng = StdRng::seed_from_u64(99);
    let (index, items) = random_index(&mut rng);
    for _ in 0..50 {
        let mut q = random_query(&mut rng);
        q.radius_m = None;
        let expected = brute_force(
            &items,
            &NearestQuery {
                limit: 60,
                ..q.clone()
            },
            |_| true,
        );
        let mut paged = Vec::new();
        q.limit = 7;
        while paged.len() < 60 {
            let page = index.nearest(&q, |_| true);
            let last = page.last().expect("pages until the index runs out");
            q.after = Some(NearestCursor {
                d: last.distance_m,
                id: last.id.to_owned(),
            });
            paged.extend(ids(&page));
        }
        paged.truncate(60);
        assert_eq!(paged, expected);
    }
}

#[test]
fn equal_distances_are_ordered_by_id_across_pages() {
    let p = LngLat::new(112.0, 37.0).unwrap();
    let index = SpatialIndex::bulk_load((0..5).map(|i| item(&format!("id{i}"), p, 0)));
    let mut q = NearestQuery {
        origin: p,
        limit: 2,
        radius_m: None,
        after: None,
    };
    let mut seen = Vec::new();
    for _ in 0..3 {
        let page = index.nearest(&q, |_| true);
        let last = page.last().unwrap();
        q.after = Some(NearestCursor {
            d: last.distance_m,
            id: last.id.to_owned(),
        });
        seen.extend(page.iter().map(|h| h.id.to_owned()));
    }
    assert_eq!(seen, ["id0", "id1", "id2", "id3", "id4"]);
}

#[test]
fn upsert_moves_and_remove_forgets() {
    let a = LngLat::new(112.0, 37.0).unwrap();
    let b = LngLat::new(100.0, 30.0).unwrap();
    let mut index = SpatialIndex::default();
    index.upsert(item("x", a, 1));
    index.upsert(item("y", b, 2));
    index.upsert(item("x", b, 3));
    assert_eq!(index.len(), 2);
    let q = NearestQuery {
        origin: b,
        limit: 5,
        radius_m: Some(1.0),
        after: None,
    };
    let near_b: Vec<_> = index.nearest(&q, |_| true).iter().map(|h| h.id).collect();
    assert_eq!(near_b, ["x", "y"]);
    assert_eq!(index.remove("x"), Some(item("x", b, 3)));
    assert_eq!(index.get("x"), None);
    assert_eq!(index.nearest(&q, |_| true).len(), 1);
}

#[test]
fn ids_are_found_after_the_id_map_grows_and_slots_are_reused() {
    let p = LngLat::new(112.0, 37.0).unwrap();
    let mut index = SpatialIndex::bulk_load((0..100).map(|i| item(&format!("b{i}"), p, 0)));
    for i in 0..3_000 {
        index.upsert(item(&format!("u{i}"), p, 1));
    }
    for i in (0..3_000).step_by(2) {
        assert_eq!(index.remove(&format!("u{i}")).map(|x| x.kind), Some(1));
    }
    for i in 0..1_000 {
        index.upsert(item(&format!("v{i}"), p, 2));
    }
    assert_eq!(index.len(), 100 + 1_500 + 1_000);
    for (prefix, n, step, kind) in [("b", 100, 1, 0), ("u", 3_000, 2, 1), ("v", 1_000, 1, 2)] {
        for i in (0..n).skip(usize::from(prefix == "u")).step_by(step) {
            let id = format!("{prefix}{i}");
            assert_eq!(
                index.get(&id).map(|x| (x.id.as_str(), x.kind)),
                Some((&*id, kind))
            );
        }
    }
    assert!(index.get("u0").is_none() && index.get("nobody").is_none());
}

/// Unit vectors clustered as outlets are, with repeats (outlets in one building).
fn random_points(rng: &mut StdRng, n: usize) -> Vec<TreePoint> {
    let mut points: Vec<TreePoint> = (0..n as u32)
        .map(|slot| {
            let p = LngLat::new(rng.random_range(74.0..134.0), rng.random_range(18.0..53.0));
            TreePoint {
                xyz: unit_f32(p.unwrap()),
                slot,
            }
        })
        .collect();
    for i in (7..n).step_by(7) {
        points[i].xyz = points[i - 1].xyz;
    }
    points
}

#[test]
fn the_packed_walk_gives_every_point_kept_nearest_first() {
    let mut rng = StdRng::seed_from_u64(7);
    for n in [0, 1, 16, 17, 255, 257, 4_100] {
        let points = random_points(&mut rng, n);
        let mut tree = PackedTree::new(points.clone());
        let removed: Vec<_> = points.iter().filter(|p| p.slot % 5 == 2).collect();
        for p in &removed {
            assert!(tree.remove(p), "n = {n}: {p:?} is held");
            assert!(!tree.remove(p), "n = {n}: {p:?} was removed");
        }
        for _ in 0..20 {
            let origin = unit_f32(random_query(&mut rng).origin);
            let walk: Vec<_> = tree.nearest(origin).collect();
            assert!(
                walk.windows(2).all(|w| w[0].1 <= w[1].1),
                "n = {n}: in order"
            );
            assert!(walk.iter().all(|(p, d2)| p.distance_2(&origin) == *d2));
            let mut seen: Vec<u32> = walk.iter().map(|(p, _)| p.slot).collect();
            seen.sort();
            let kept: Vec<u32> = (0..n as u32).filter(|s| s % 5 != 2).collect();
            assert_eq!(seen, kept, "n = {n}: every point kept, once");
        }
    }
}

/// Asserts that `index` holds `items` and answers `queries` random queries,
/// unfiltered and for a rare kind, as brute force does.
fn answers_as_brute_force(
    index: &SpatialIndex<Item>,
    items: &[(String, LngLat, Item)],
    rng: &mut StdRng,
    queries: usize,
) {
    assert_eq!(index.len(), items.len());
    for _ in 0..queries {
        let q = random_query(rng);
        let all = index.nearest(&q, |_| true);
        assert_eq!(ids(&all), brute_force(items, &q, |_| true), "{q:?}");
        let rare = index.nearest(&q, |item| item.kind == 7);
        let expected = brute_force(items, &q, |i| i.kind == 7);
        assert_eq!(ids(&rare), expected, "{q:?}");
    }
}

#[test]
fn an_index_built_then_changed_still_answers_as_brute_force() {
    let mut rng = StdRng::seed_from_u64(20261206);
    let (mut index, mut items) = random_index(&mut rng);
    for round in 0..600 {
        let k = rng.random_range(0..items.len());
        match round % 3 {
            // Moves an item, built or inserted, somewhere else.
            0 => {
                let at = random_query(&mut rng).origin;
                items[k].1 = at;
                items[k].2.at = at;
                index.upsert(items[k].2.clone());
            }
            1 => {
                let (id, _, _) = items.swap_remove(k);
                assert!(index.remove(&id).is_some(), "{id} was held");
            }
            _ => {
                let id = format!("n{round}");
                let at = random_query(&mut rng).origin;
                items.push((id.clone(), at, item(&id, at, rng.random_range(0..8))));
                index.upsert(items.last().unwrap().2.clone());
            }
        }
    }
    answers_as_brute_force(&index, &items, &mut rng, 300);
}

#[test]
fn of_two_items_with_one_id_a_built_index_keeps_the_later() {
    let a = LngLat::new(112.0, 37.0).unwrap();
    let b = LngLat::new(100.0, 30.0).unwrap();
    let mut index = SpatialIndex::bulk_load([item("x", a, 1), item("y", a, 2), item("x", b, 3)]);
    assert_eq!(index.len(), 2);
    assert_eq!(index.get("x").map(|x| x.kind), Some(3));
    let q = NearestQuery {
        origin: a,
        limit: 5,
        radius_m: None,
        after: None,
    };
    let hits = index.nearest(&q, |_| true);
    let found: Vec<_> = hits.iter().map(|h| (h.id, h.payload.kind)).collect();
    assert_eq!(found, [("y", 2), ("x", 3)]);
    index.upsert(item("z", a, 4));
    assert_eq!(index.remove("x").map(|x| x.kind), Some(3));
    assert_eq!(index.get("y").map(|y| y.kind), Some(2));
    assert_eq!(index.get("z").map(|z| z.kind), Some(4));
    assert_eq!(index.nearest(&q, |_| true).len(), 2);
}

#[test]
fn an_index_changed_much_builds_its_packed_tree_again_and_still_answers() {
    let mut rng = StdRng::seed_from_u64(4096);
    let (mut index, mut items) = random_index(&mut rng);
    let mut rebuilds = 0;
    for round in 0..6_000 {
        let k = rng.random_range(0..items.len());
        let marked = index.packed.removed();
        if round % 4 == 1 {
            let (id, _, _) = items.swap_remove(k);
            assert!(index.remove(&id).is_some(), "{id} was held");
        } else {
            let at = random_query(&mut rng).origin;
            items[k].1 = at;
            items[k].2.at = at;
            index.upsert(items[k].2.clone());
        }
        // Only a rebuild clears the marks.
        rebuilds += usize::from(marked > 0 && index.packed.removed() == 0);
        assert!(index.added.size() + index.packed.removed() < REBUILD_FROM);
    }
    assert!(rebuilds >= 2, "rebuilt {rebuilds} times");
    let kept = index.packed.len() - index.packed.removed();
    assert_eq!(kept + index.added.size(), index.len());
    answers_as_brute_force(&index, &items, &mut rng, 200);
    for (id, _, item) in &items {
        assert_eq!(index.get(id), Some(item));
    }
}
