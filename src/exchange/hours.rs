//! `hours.csv`: one outlet's opening hours per row. A weekday cell lists
//! intervals as `09:00-12:00 14:00-17:30` (empty: closed); `exceptions` is a
//! JSON cell (`[{"date":"2026-12-31","intervals":[],"reason":"年终盘点"}]`).

use chrono::NaiveTime;

use super::table::{Row, RowError, Table};
use super::{Checked, Planned};
use crate::directory::Directory;
use crate::domain::hours::{Interval, OpeningHours, Weekly};
use crate::domain::vocab::OutletStatus;

/// Columns in export order.
pub const COLUMNS: [&str; 12] = [
    "outlet_id",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "closed_on_holidays",
    "open_on_makeup_days",
    "exceptions",
    "note",
];

fn intervals_cell(intervals: &[Interval]) -> String {
    (intervals.iter())
        .map(|i| format!("{}-{}", i.opens.format("%H:%M"), i.closes.format("%H:%M")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The hours of every outlet that is not closed, in outlet id order.
pub fn export(dir: &Directory) -> Vec<Vec<String>> {
    let mut ids: Vec<&String> = (dir.catalogue.hours.keys())
        .filter(|id| {
            dir.outlets
                .get(id)
                .is_some_and(|o| o.status() != OutletStatus::Closed)
        })
        .collect();
    ids.sort();
    (ids.into_iter())
        .map(|id| {
            let h = &dir.catalogue.hours[id];
            let w = &h.weekly;
            let mut row = vec![id.clone()];
            row.extend(
                [&w.mon, &w.tue, &w.wed, &w.thu, &w.fri, &w.sat, &w.sun].map(|d| intervals_cell(d)),
            );
            row.push(h.closed_on_holidays.to_string());
            row.push(h.open_on_makeup_days.to_string());
            row.push(match h.exceptions.is_empty() {
                true => String::new(),
                false => serde_json::to_string(&h.exceptions).expect("exceptions serialize"),
            });
            row.push(h.note.clone().unwrap_or_default());
            row
        })
        .collect()
}

fn intervals(row: &Row<'_>, column: &str) -> Result<Vec<Interval>, RowError> {
    let time = |t: &str| NaiveTime::parse_from_str(t, "%H:%M").ok();
    (row.text(column)
        .split([' ', ',', '，', ';'])
        .filter(|p| !p.is_empty()))
    .map(|part| {
        let parsed = part
            .split_once('-')
            .and_then(|(a, b)| Some((time(a)?, time(b)?)));
        parsed
            .map(|(opens, closes)| Interval { opens, closes })
            .ok_or_else(|| {
                row.error(
                    column,
                    format!("`{part}` 不是 HH:MM-HH:MM 形式的时段"),
                    format!("`{part}` is not an interval HH:MM-HH:MM"),
                )
            })
    })
    .collect()
}

fn flag(row: &Row<'_>, column: &str) -> Result<bool, RowError> {
    match row.text(column) {
        "" | "true" => Ok(true),
        "false" => Ok(false),
        other => Err(row.error(
            column,
            format!("`{other}` 须为 true 或 false"),
            format!("`{other}` must be true or false"),
        )),
    }
}

fn parse(row: &Row<'_>) -> Result<OpeningHours, RowError> {
    let exceptions = match row.text("exceptions") {
        "" => Vec::new(),
        text => serde_json::from_str(text).map_err(|e| {
            row.error(
                "exceptions",
                format!("不是有效的例外日期列表：{e}"),
                format!("is not a list of exceptions: {e}"),
            )
        })?,
    };
    Ok(OpeningHours {
        weekly: Weekly {
            mon: intervals(row, "mon")?,
            tue: intervals(row, "tue")?,
            wed: intervals(row, "wed")?,
            thu: intervals(row, "thu")?,
            fri: intervals(row, "fri")?,
            sat: intervals(row, "sat")?,
            sun: intervals(row, "sun")?,
        },
        exceptions,
        closed_on_holidays: flag(row, "closed_on_holidays")?,
        open_on_makeup_days: flag(row, "open_on_makeup_days")?,
        note: row.optional("note"),
    })
}

fn check_row(dir: &Directory, row: &Row<'_>) -> Result<(String, OpeningHours), RowError> {
    let id = row.text("outlet_id");
    match dir.outlets.get(id) {
        None => Err(row.error(
            "outlet_id",
            format!("网点 `{id}` 不存在"),
            format!("outlet `{id}` does not exist"),
        )),
        Some(o) if o.status() == OutletStatus::Closed => Err(row.error(
            "outlet_id",
            "网点已关闭，不能设置办公时间",
            "the outlet is closed and takes no opening hours",
        )),
        Some(_) => {
            let hours = parse(row)?;
            hours.validate().map_err(|e| {
                let column = e.field.strip_prefix("weekly.").unwrap_or(e.field);
                RowError {
                    row: row.number,
                    column: column.into(),
                    reason: e.reason,
                }
            })?;
            Ok((id.to_owned(), hours))
        }
    }
}

/// Checks every row against the outlets stored.
pub fn check(dir: &Directory, table: &Table) -> Checked {
    let mut checked = Checked::default();
    let mut seen = std::collections::HashSet::new();
    for row in table.rows() {
        match check_row(dir, &row) {
            Ok((id, _)) if !seen.insert(id.clone()) => checked.refused.push(row.error(
                "outlet_id",
                "在文件中重复",
                "appears twice in the file",
            )),
            Ok((id, hours)) => match dir.catalogue.hours.get(&id) {
                Some(old) if *old == hours => checked.unchanged += 1,
                old => checked.planned.push(Planned::Hours {
                    outlet_id: id,
                    hours: Box::new(hours),
                    before: old.cloned().map(Box::new),
                }),
            },
            Err(e) => checked.refused.push(e),
        }
    }
    checked
}
