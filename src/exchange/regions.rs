//! `regions.csv`: regions and parks with their seats (boundaries travel as GeoJSON).

use std::collections::HashMap;

use super::table::{Row, RowError, Table};
use super::{coordinate, same_position, Checked, Planned};
use crate::directory::Directory;
use crate::domain::coords::CoordSys;
use crate::domain::coords_mainland::in_china_extent;
use crate::domain::point::LngLat;
use crate::domain::regions::Region;
use crate::domain::vocab::RegionLevel;

/// Columns in export order.
pub const COLUMNS: [&str; 7] = [
    "code",
    "name",
    "level",
    "category",
    "parent_code",
    "seat_lng",
    "seat_lat",
];

/// Every region in code order.
pub fn export(dir: &Directory, sys: CoordSys) -> Vec<Vec<String>> {
    (dir.regions.iter())
        .map(|(_, r)| {
            let (lng, lat) = r.seat.map_or((String::new(), String::new()), |s| {
                let (lng, lat) = sys.from_wgs84(s);
                (coordinate(lng), coordinate(lat))
            });
            vec![
                r.code.clone(),
                r.name.clone(),
                r.level.as_str().into(),
                r.category.clone().unwrap_or_default(),
                r.parent_code.clone().unwrap_or_default(),
                lng,
                lat,
            ]
        })
        .collect()
}

fn depth(level: RegionLevel) -> u8 {
    match level {
        RegionLevel::Province => 0,
        RegionLevel::Prefecture => 1,
        RegionLevel::County => 2,
        RegionLevel::Park => 3,
    }
}

fn check_code(row: &Row<'_>, level: RegionLevel) -> Result<String, RowError> {
    let code = row.text("code");
    let digits = |s: &str| s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit());
    let ok = match level {
        RegionLevel::Park => {
            code.len() == 9
                && digits(&code[..6])
                && &code[6..7] == "P"
                && digits(&format!("0000{}", &code[7..]))
        }
        _ => digits(code),
    };
    if !ok {
        return Err(row.error(
            "code",
            "须为 6 位行政区划代码，园区为 `<县级代码>P<两位序号>`",
            "must be a 6-digit region code, or `<county code>P<nn>` for a park",
        ));
    }
    Ok(code.to_owned())
}

/// Reads a seat in `sys`: both coordinates or neither, inside mainland China.
pub(super) fn seat(
    row: &Row<'_>,
    sys: CoordSys,
    cols: (&str, &str),
) -> Result<Option<LngLat>, RowError> {
    let (lng, lat) = (
        row.parse_optional::<f64>(cols.0)?,
        row.parse_optional::<f64>(cols.1)?,
    );
    let (lng, lat) = match (lng, lat) {
        (None, None) => return Ok(None),
        (Some(lng), Some(lat)) => (lng, lat),
        (None, _) => {
            return Err(row.error(
                cols.0,
                "经纬度须同时给出",
                "give both coordinates or neither",
            ))
        }
        (_, None) => {
            return Err(row.error(
                cols.1,
                "经纬度须同时给出",
                "give both coordinates or neither",
            ))
        }
    };
    let p = sys
        .to_wgs84(lng, lat)
        .map_err(|e| row.error(cols.0, "坐标超出范围", e.to_string()))?;
    if !in_china_extent(p.lng(), p.lat()) {
        return Err(row.error(
            cols.0,
            "位置不在中国境内（经纬度是否颠倒？）",
            "is outside China (longitude and latitude swapped?)",
        ));
    }
    Ok(Some(p))
}

fn parse(row: &Row<'_>, sys: CoordSys, dir: &Directory) -> Result<Region, RowError> {
    let level: RegionLevel = row.parse("level")?;
    // Stored codes are known; only new ones must have the national form.
    let code = match dir.regions.get(row.text("code")) {
        Some(r) => r.code.clone(),
        None => check_code(row, level)?,
    };
    let name = row.text("name");
    if name.is_empty() || name.chars().count() > 100 {
        return Err(row.error(
            "name",
            "须为 1 到 100 个字符",
            "must be 1 to 100 characters",
        ));
    }
    Ok(Region {
        code,
        name: name.to_owned(),
        level,
        category: row.optional("category"),
        parent_code: row.optional("parent_code"),
        seat: seat(row, sys, ("seat_lng", "seat_lat"))?,
        boundary: None,
    })
}

/// The parent must exist (stored or earlier in the file) one level up or more;
/// a stored region keeps its level and parent.
fn check_links(
    row: &Row<'_>,
    r: &Region,
    dir: &Directory,
    file: &HashMap<String, Region>,
) -> Result<(), RowError> {
    if let Some(old) = dir.regions.get(&r.code) {
        if (old.level, &old.parent_code) != (r.level, &r.parent_code) {
            return Err(row.error(
                "parent_code",
                "已有行政区划的级别和上级不能通过导入修改",
                "an existing region's level and parent cannot be changed by an import",
            ));
        }
        return Ok(());
    }
    let parent = r.parent_code.as_deref();
    let parent_level = parent.and_then(|p| dir.regions.get(p).or(file.get(p)).map(|p| p.level));
    match (r.level, parent, parent_level) {
        (RegionLevel::Province, None, _) => Ok(()),
        (RegionLevel::Province, Some(_), _) => Err(row.error(
            "parent_code",
            "省级行政区划没有上级",
            "a province has no parent",
        )),
        (_, None, _) => Err(row.error("parent_code", "不能为空", "must not be empty")),
        (_, Some(p), None) => Err(row.error(
            "parent_code",
            format!("上级 `{p}` 不存在"),
            format!("parent `{p}` does not exist"),
        )),
        (RegionLevel::Park, Some(p), _) if !r.code.starts_with(p) => Err(row.error(
            "parent_code",
            "园区代码须以其上级代码开头",
            "a park's code must start with its parent's code",
        )),
        (level, Some(_), Some(pl)) if depth(pl) >= depth(level) => Err(row.error(
            "parent_code",
            "上级的级别须高于本级",
            "the parent must be of a higher level",
        )),
        _ => Ok(()),
    }
}

fn unchanged(old: &Region, new: &Region) -> bool {
    let seats_equal = match (old.seat, new.seat) {
        (Some(a), Some(b)) => same_position((a.lng(), a.lat()), (b.lng(), b.lat())),
        (a, b) => a.is_none() && b.is_none(),
    };
    (&old.name, &old.category) == (&new.name, &new.category) && seats_equal
}

/// Checks every row; new regions may name parents that come later in the file.
pub fn check(dir: &Directory, table: &Table, sys: CoordSys) -> Checked {
    let mut checked = Checked::default();
    let mut parsed = Vec::new();
    let mut file: HashMap<String, Region> = HashMap::new();
    for row in table.rows() {
        match parse(&row, sys, dir) {
            Ok(r) if file.contains_key(&r.code) => {
                checked
                    .refused
                    .push(row.error("code", "在文件中重复", "appears twice in the file"))
            }
            Ok(r) => {
                file.insert(r.code.clone(), r.clone());
                parsed.push((row, r));
            }
            Err(e) => checked.refused.push(e),
        }
    }
    let mut refused_codes = Vec::new();
    for (row, region) in &parsed {
        if let Err(e) = check_links(row, region, dir, &file) {
            checked.refused.push(e);
            refused_codes.push(region.code.clone());
        }
    }
    // A new region under a refused one is refused too (its parent would be missing).
    while let Some(code) = refused_codes.pop() {
        file.remove(&code);
        for (row, region) in &parsed {
            let orphan = region.parent_code.as_deref() == Some(code.as_str())
                && file.contains_key(&region.code)
                && dir.regions.get(&region.code).is_none();
            if orphan {
                checked.refused.push(row.error(
                    "parent_code",
                    format!("上级 `{code}` 所在行未通过检查"),
                    format!("the row of parent `{code}` was refused"),
                ));
                refused_codes.push(region.code.clone());
            }
        }
    }
    for (_, mut region) in parsed {
        if !file.contains_key(&region.code) {
            continue;
        }
        match dir.regions.get(&region.code) {
            Some(old) if unchanged(old, &region) => checked.unchanged += 1,
            Some(old) => {
                region.boundary = old.boundary.clone();
                checked.planned.push(Planned::Region {
                    region,
                    is_new: false,
                });
            }
            None => checked.planned.push(Planned::Region {
                region,
                is_new: true,
            }),
        }
    }
    checked.refused.sort_by_key(|e| e.row);
    checked
}
