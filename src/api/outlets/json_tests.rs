use chrono::TimeZone;

use super::*;
use crate::api::http::dto::Page;
use crate::domain::point::LngLat;
use crate::domain::spatial::NearestQuery;

/// A sample outlet with every kind of member (for the other outlet tests too).
pub(crate) fn outlet(id: &str, version: i64) -> Outlet {
    let at = Utc.with_ymd_and_hms(2026, 11, 21, 8, 30, 0).unwrap();
    Outlet {
        id: id.into(),
        name: "平遥县\"知识产权\"服务工作站\n（测试）".into(),
        name_en: Some("Pingyao IP \\ workstation".into()),
        kind: OutletKind::ServiceWorkstation,
        tier: Tier::County,
        region_code: "140728".into(),
        parent_id: (version > 1).then(|| "parent".into()),
        address: "山西省晋中市平遥县".into(),
        location: LngLat::new(112.17 + version as f64 / 1000.0, 37.19).unwrap(),
        phones: vec!["0354-5681234".into(), "12345".into()],
        email: None,
        website: Some("https://example.cn/?a=1&b=<2>".into()),
        status: OutletStatus::Limited,
        status_note: Some("周一闭馆\t".into()),
        note: None,
        verified_at: (version > 1).then_some(at + chrono::Duration::nanoseconds(123_456_789)),
        created_at: at,
        updated_at: at + chrono::Duration::milliseconds(1500),
        version,
    }
}

fn directory(outlets: &[Outlet]) -> Directory {
    let mut dir = Directory::default();
    for o in outlets {
        dir.put_outlet(o.clone());
    }
    dir
}

fn both_ways(dir: &Directory, sys: CoordSys, next: Option<&str>) -> (String, String) {
    let query = NearestQuery {
        origin: LngLat::new(112.0, 37.0).unwrap(),
        limit: 10,
        radius_m: None,
        after: None,
    };
    let hits = dir.outlets.nearest(&query, |_, _| true);
    let items: Vec<NearestItem> = hits
        .iter()
        .map(|h| NearestItem {
            outlet: h.payload,
            distance_m: h.distance_m,
        })
        .collect();
    let now = Utc::now();
    let fast = nearest_page(&items, next, (sys, dir, now));
    let page = Page {
        items: nearest_dtos(&items, (sys, dir, now)),
        next_cursor: next.map(str::to_owned),
    };
    (
        String::from_utf8(fast).unwrap(),
        serde_json::to_string(&page).unwrap(),
    )
}

#[test]
fn the_rendered_page_is_byte_for_byte_the_serialised_dtos() {
    let dir = directory(&[outlet("a", 1), outlet("b", 2)]);
    for sys in [CoordSys::Wgs84, CoordSys::Gcj02, CoordSys::Bd09] {
        for next in [None, Some("eyJkIjoxfQ")] {
            let (fast, dto) = both_ways(&dir, sys, next);
            assert_eq!(fast, dto, "{sys:?} {next:?}");
        }
    }
}

#[test]
fn an_empty_answer_matches_too() {
    let (fast, dto) = both_ways(&Directory::default(), CoordSys::Wgs84, None);
    assert_eq!(fast, r#"{"items":[],"next_cursor":null}"#);
    assert_eq!(fast, dto);
}

#[test]
fn a_changed_outlet_is_rendered_afresh() {
    let mut dir = directory(&[outlet("a", 1)]);
    let (before, _) = both_ways(&dir, CoordSys::Wgs84, None);
    let mut changed = outlet("a", 2);
    changed.name = "改名后的工作站".into();
    dir.put_outlet(changed);
    let (after, dto) = both_ways(&dir, CoordSys::Wgs84, None);
    assert!(before.contains("服务工作站") && !before.contains("改名后"));
    assert!(after.contains("改名后的工作站"));
    assert_eq!(after, dto);
}
