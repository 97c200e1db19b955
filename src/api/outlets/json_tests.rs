use chrono::TimeZone;

use super::*;
use crate::api::http::dto::Page;
use crate::directory::entry::RenderBudget;
use crate::domain::outlet::Outlet;
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
        // Commas, brackets and colons inside values, for the sparse writer's
        // copies of rendered members.
        address: "山西省晋中市平遥县, [古陶镇]: {1}".into(),
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

/// Hours of 08:30–12:00 and 14:30–17:30 on weekdays.
fn split_day() -> crate::domain::hours::OpeningHours {
    serde_json::from_value(serde_json::json!({
        "weekly": {
            "mon": [{"opens": "08:30", "closes": "12:00"}, {"opens": "14:30", "closes": "17:30"}],
            "fri": [{"opens": "08:30", "closes": "12:00"}, {"opens": "14:30", "closes": "17:30"}]
        }
    }))
    .unwrap()
}

/// The outlets, the first with hours, under 2026's autumn calendar.
pub(crate) fn directory(outlets: &[Outlet]) -> Directory {
    let mut dir = Directory::default();
    dir.catalogue.calendar = crate::domain::calendar::autumn_2026();
    for (i, o) in outlets.iter().enumerate() {
        dir.put_outlet(o).unwrap();
        if i == 0 {
            dir.catalogue.hours.insert(o.id.clone(), split_day());
        }
    }
    dir
}

/// A Friday at 10:00 in China, in the calendar's year.
pub(crate) fn friday_morning() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 9, 2, 0, 0).unwrap()
}

/// The ten outlets of `dir` nearest a point in Shanxi, as the handler lists them.
pub(crate) fn nearest_items(dir: &Directory) -> Vec<NearestItem<'_>> {
    let query = NearestQuery {
        origin: LngLat::new(112.0, 37.0).unwrap(),
        limit: 10,
        radius_m: None,
        after: None,
    };
    (dir.outlets.nearest(&query, |_| true).iter())
        .map(|h| NearestItem {
            outlet: h.payload,
            distance_m: h.distance_m,
        })
        .collect()
}

fn both_ways(dir: &Directory, sys: CoordSys, next: Option<&str>) -> (String, String) {
    let items = nearest_items(dir);
    let now = friday_morning();
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
fn with_the_render_budget_spent_pages_are_the_same_bytes_and_nothing_is_kept() {
    let mut dir = directory(&[outlet("a", 1), outlet("b", 2)]);
    dir.render_budget = RenderBudget(0);
    for sys in [CoordSys::Wgs84, CoordSys::Gcj02] {
        let (fast, dto) = both_ways(&dir, sys, None);
        assert_eq!(fast, dto, "{sys:?}");
    }
    for item in nearest_items(&dir) {
        let again = item.outlet.rendered(RenderBudget(0), super::render);
        assert!(again.is_none(), "kept past the budget");
    }
    dir.render_budget = RenderBudget(usize::MAX);
    let first = nearest_page(
        &nearest_items(&dir),
        None,
        (CoordSys::Wgs84, &dir, friday_morning()),
    );
    for item in nearest_items(&dir) {
        // Kept by the page above, so kept whatever the budget is now.
        let kept = item.outlet.rendered(RenderBudget(0), super::render);
        assert!(kept.is_some());
    }
    assert_eq!(
        String::from_utf8(first).unwrap(),
        both_ways(&dir, CoordSys::Wgs84, None).1
    );
}

#[test]
fn the_rendered_page_is_byte_for_byte_the_serialised_dtos() {
    let dir = directory(&[outlet("a", 1), outlet("b", 2)]);
    for sys in [CoordSys::Wgs84, CoordSys::Gcj02, CoordSys::Bd09] {
        for next in [None, Some("eyJkIjoxfQ")] {
            let (fast, dto) = both_ways(&dir, sys, next);
            assert_eq!(fast, dto, "{sys:?} {next:?}");
            assert!(fast.contains(r#""opening":{"open_now":true,"next_open_at":"2026-10-09T14:30:00+08:00","today":[{"opens":"08:30","closes":"12:00"},"#), "{fast}");
            assert!(
                fast.contains(r#""opening":null"#),
                "the outlet without hours"
            );
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
    dir.put_outlet(&changed).unwrap();
    let (after, dto) = both_ways(&dir, CoordSys::Wgs84, None);
    assert!(before.contains("服务工作站") && !before.contains("改名后"));
    assert!(after.contains("改名后的工作站"));
    assert_eq!(after, dto);
}

#[test]
fn opening_times_are_written_as_chrono_serialises_them() {
    for text in [
        "2026-10-09T14:30:00+08:00",
        "2026-10-09T14:30:00.5+08:00",
        "2026-10-09T06:30:00Z",
        "0999-01-02T03:04:05+08:00",
    ] {
        let t = DateTime::parse_from_rfc3339(text).unwrap();
        let mut out = Vec::new();
        push_time(&mut out, t);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string(&t).unwrap()
        );
    }
}

#[test]
fn the_stored_record_is_the_api_outlet_in_wgs84_byte_for_byte() {
    let every_text = Outlet {
        email: Some("py@example.cn".into()),
        note: Some("周末不办公 \"预约\"".into()),
        phones: vec!["400-810-8888".into()],
        status: OutletStatus::Closed,
        ..outlet("b", 2)
    };
    let no_text = Outlet {
        name_en: None,
        parent_id: None,
        phones: Vec::new(),
        website: None,
        status_note: None,
        kind: OutletKind::ProtectionAssistanceCenter,
        tier: Tier::Park,
        status: OutletStatus::Normal,
        location: LngLat::new(-0.000_000_4, -89.999_999_96).unwrap(),
        ..outlet("c", 1)
    };
    for o in [outlet("a", 1), outlet("a", 2), every_text, no_text] {
        let dto = serde_json::to_string(&OutletDto::new(&o, CoordSys::Wgs84)).unwrap();
        let record = crate::domain::outlet_record::outlet_record(&o).to_string();
        assert_eq!(record, dto, "outlet {} version {}", o.id, o.version);
    }
}
