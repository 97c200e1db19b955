//! `outlets.csv`: one outlet per row, phones separated by `;`.

use std::collections::HashMap;

use chrono::{DateTime, SecondsFormat, Utc};

use super::regions::seat;
use super::table::{Row, RowError, Table};
use super::{coordinate, same_position, Checked, Planned};
use crate::directory::Directory;
use crate::domain::coords::CoordSys;
use crate::domain::outlet::Outlet;
use crate::domain::vocab::OutletStatus;

/// Columns in export order.
pub const COLUMNS: [&str; 17] = [
    "id",
    "name",
    "name_en",
    "kind",
    "tier",
    "region_code",
    "parent_id",
    "address",
    "lng",
    "lat",
    "phones",
    "email",
    "website",
    "status",
    "status_note",
    "note",
    "verified_at",
];

/// Every outlet (closed ones too) in id order.
pub fn export(dir: &Directory, sys: CoordSys) -> Vec<Vec<String>> {
    let mut outlets: Vec<_> = dir.outlets.payloads().collect();
    outlets.sort_by(|a, b| a.id_order().cmp(b.id_order()));
    (outlets.into_iter())
        .map(|o| {
            let (lng, lat) = sys.from_wgs84(o.location());
            let text = |v: Option<&str>| v.unwrap_or_default().to_owned();
            let d = o.details();
            vec![
                o.id().to_owned(),
                d.name().to_owned(),
                text(d.name_en()),
                o.kind().as_str().into(),
                o.tier().as_str().into(),
                o.region_code().to_owned(),
                text(o.parent_id()),
                d.address().to_owned(),
                coordinate(lng),
                coordinate(lat),
                d.phones().collect::<Vec<_>>().join(";"),
                text(d.email()),
                text(d.website()),
                o.status().as_str().into(),
                text(d.status_note()),
                text(d.note()),
                (o.verified_at().as_ref()).map_or(String::new(), |t| {
                    t.to_rfc3339_opts(SecondsFormat::Secs, true)
                }),
            ]
        })
        .collect()
}

fn check_id(row: &Row<'_>) -> Result<String, RowError> {
    let id = row.text("id");
    if id.is_empty() {
        return Ok(uuid::Uuid::now_v7().to_string());
    }
    let ok = id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    match ok {
        true => Ok(id.to_owned()),
        false => Err(row.error(
            "id",
            "须为至多 64 个字母、数字、`-` 或 `_`（留空则新建）",
            "must be up to 64 letters, digits, `-` or `_` (empty to create)",
        )),
    }
}

fn parse(row: &Row<'_>, sys: CoordSys, now: DateTime<Utc>) -> Result<Outlet, RowError> {
    let id = check_id(row)?;
    let location = seat(row, sys, ("lng", "lat"))?
        .ok_or_else(|| row.error("lng", "不能为空", "must not be empty"))?;
    let verified_at = match row.text("verified_at") {
        "" => None,
        text => Some(
            DateTime::parse_from_rfc3339(text)
                .map_err(|_| {
                    row.error(
                        "verified_at",
                        "须为 RFC 3339 时间，如 2026-01-05T00:00:00Z",
                        "must be an RFC 3339 time such as 2026-01-05T00:00:00Z",
                    )
                })?
                .with_timezone(&Utc),
        ),
    };
    Ok(Outlet {
        id,
        name: row.text("name").to_owned(),
        name_en: row.optional("name_en"),
        kind: row.parse("kind")?,
        tier: row.parse("tier")?,
        region_code: row.text("region_code").to_owned(),
        parent_id: row.optional("parent_id"),
        address: row.text("address").to_owned(),
        location,
        phones: (row.text("phones").split(';').map(str::trim))
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect(),
        email: row.optional("email"),
        website: row.optional("website"),
        status: row
            .parse_optional("status")?
            .unwrap_or(OutletStatus::Normal),
        status_note: row.optional("status_note"),
        note: row.optional("note"),
        verified_at,
        created_at: now,
        updated_at: now,
        version: 1,
    })
}

/// The same outlet as far as a file can tell (positions to its precision).
fn unchanged(old: &Outlet, new: &Outlet) -> bool {
    fn key(o: &Outlet) -> impl PartialEq + '_ {
        (
            (
                &o.name,
                &o.name_en,
                o.kind,
                o.tier,
                &o.region_code,
                &o.parent_id,
            ),
            (
                &o.address,
                &o.phones,
                &o.email,
                &o.website,
                o.status,
                &o.status_note,
            ),
            (&o.note, o.verified_at.map(|t| t.timestamp())),
        )
    }
    let at = |o: &Outlet| (o.location.lng(), o.location.lat());
    key(old) == key(new) && same_position(at(old), at(new))
}

/// What storing the row does to the stored outlet.
fn plan(outlet: Outlet, dir: &Directory) -> Option<Planned> {
    let Some(old) = dir.outlets.get(&outlet.id) else {
        return Some(Planned::Outlet {
            outlet,
            before: None,
        });
    };
    if unchanged(&old.to_outlet(), &outlet) {
        return None;
    }
    let before: Outlet = old.to_outlet();
    let next = Outlet {
        created_at: before.created_at,
        version: before.version + 1,
        ..outlet
    };
    Some(Planned::Outlet {
        outlet: next,
        before: Some(Box::new(before)),
    })
}

/// Takes out the outlets whose parent is neither stored nor passed (its row
/// was refused), and theirs in turn: (row, missing parent) of each.
fn orphans(passed: &mut Vec<(usize, Outlet)>, dir: &Directory) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    loop {
        let ids: std::collections::HashSet<String> =
            passed.iter().map(|(_, o)| o.id.clone()).collect();
        let missing = |o: &Outlet| {
            (o.parent_id.as_ref())
                .filter(|p| !ids.contains(*p) && dir.outlets.get(p).is_none())
                .cloned()
        };
        let before = passed.len();
        passed.retain(|(row, o)| match missing(o) {
            Some(parent) => {
                out.push((*row, parent));
                false
            }
            None => true,
        });
        if passed.len() == before {
            return out;
        }
    }
}

/// Checks every row; parents may be outlets stored or rows of the file.
pub fn check(dir: &Directory, table: &Table, (sys, now): (CoordSys, DateTime<Utc>)) -> Checked {
    let mut checked = Checked::default();
    let mut parsed: Vec<(Row<'_>, Outlet)> = Vec::new();
    let mut parents: HashMap<String, Option<String>> = HashMap::new();
    for row in table.rows() {
        match parse(&row, sys, now) {
            Ok(o) if parents.contains_key(&o.id) => {
                checked
                    .refused
                    .push(row.error("id", "在文件中重复", "appears twice in the file"))
            }
            Ok(o) => {
                parents.insert(o.id.clone(), o.parent_id.clone());
                parsed.push((row, o));
            }
            Err(e) => checked.refused.push(e),
        }
    }
    let parent_of = |id: &str| parents.get(id).cloned().or_else(|| dir.parent_of(id));
    let mut passed = Vec::new();
    for (row, outlet) in parsed {
        match outlet.validate(&dir.regions, parent_of) {
            Ok(()) => passed.push((row.number, outlet)),
            Err(e) => {
                let column = if e.field == "location" {
                    "lng"
                } else {
                    e.field
                };
                checked.refused.push(RowError {
                    row: row.number,
                    column: column.into(),
                    reason: e.reason,
                });
            }
        }
    }
    for (row, parent) in orphans(&mut passed, dir) {
        checked.refused.push(RowError::new(
            row,
            "parent_id",
            format!("上级网点 `{parent}` 所在行未通过检查"),
            format!("the row of parent outlet `{parent}` was refused"),
        ));
    }
    checked.refused.sort_by_key(|e| e.row);
    for (_, outlet) in passed {
        match plan(outlet, dir) {
            Some(p) => checked.planned.push(p),
            None => checked.unchanged += 1,
        }
    }
    checked
}
