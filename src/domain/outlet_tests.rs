use super::*;
use crate::domain::regions::Region;
use crate::domain::vocab::RegionLevel;

fn regions() -> RegionTree {
    let region = |code: &str, level, parent: Option<&str>| Region {
        code: code.into(),
        name: code.into(),
        level,
        category: None,
        parent_code: parent.map(Into::into),
        seat: None,
        boundary: None,
    };
    RegionTree::new(vec![
        region("140000", RegionLevel::Province, None),
        region("140700", RegionLevel::Prefecture, Some("140000")),
        region("140728", RegionLevel::County, Some("140700")),
    ])
    .unwrap()
}

fn outlet() -> Outlet {
    Outlet {
        phones: vec!["0354-5681234".into()],
        email: Some("ip@example.cn".into()),
        website: Some("https://example.cn".into()),
        ..sample("a", "平遥县知识产权服务工作站")
    }
}

fn field_of(o: &Outlet) -> Option<&'static str> {
    let parents = |id: &str| match id {
        "b" => Some(Some("a".to_string())),
        "c" => Some(None),
        _ => None,
    };
    o.validate(&regions(), parents).err().map(|e| e.field)
}

#[test]
fn accepts_a_valid_outlet() {
    assert_eq!(field_of(&outlet()), None);
    assert_eq!(
        field_of(&Outlet {
            parent_id: Some("c".into()),
            ..outlet()
        }),
        None
    );
}

#[test]
fn names_the_failing_field() {
    assert_eq!(
        field_of(&Outlet {
            name: "   ".into(),
            ..outlet()
        }),
        Some("name")
    );
    assert_eq!(
        field_of(&Outlet {
            name: "x".repeat(201),
            ..outlet()
        }),
        Some("name")
    );
    assert_eq!(
        field_of(&Outlet {
            phones: vec!["call me".into()],
            ..outlet()
        }),
        Some("phones")
    );
    assert_eq!(
        field_of(&Outlet {
            email: Some("nobody".into()),
            ..outlet()
        }),
        Some("email")
    );
    assert_eq!(
        field_of(&Outlet {
            website: Some("ftp://x".into()),
            ..outlet()
        }),
        Some("website")
    );
    assert_eq!(
        field_of(&Outlet {
            region_code: "999999".into(),
            ..outlet()
        }),
        Some("region_code")
    );
    assert_eq!(
        field_of(&Outlet {
            tier: Tier::Park,
            ..outlet()
        }),
        Some("tier")
    );
    assert_eq!(
        field_of(&Outlet {
            parent_id: Some("zzz".into()),
            ..outlet()
        }),
        Some("parent_id")
    );
    // b's parent is a: making a's parent b would close a loop.
    assert_eq!(
        field_of(&Outlet {
            parent_id: Some("b".into()),
            ..outlet()
        }),
        Some("parent_id")
    );
}

#[test]
fn a_verification_in_the_future_or_before_1970_names_verified_at() {
    let o = outlet();
    let at = |t: DateTime<Utc>| Outlet {
        verified_at: Some(t),
        ..o.clone()
    };
    assert_eq!(field_of(&at(o.updated_at)), None);
    assert_eq!(
        field_of(&at(o.updated_at + chrono::Duration::hours(23))),
        None
    );
    let year = |y: i32| {
        DateTime::parse_from_rfc3339(&format!("{y}-01-01T00:00:00Z"))
            .unwrap()
            .to_utc()
    };
    assert_eq!(field_of(&at(year(2300))), Some("verified_at"));
    assert_eq!(field_of(&at(year(1600))), Some("verified_at"));
}
