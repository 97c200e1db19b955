//! `matters.csv`: one service matter per row; lists and time limits are JSON
//! cells (e.g. `["《专利法》第十条"]`), text is plain.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::table::{Row, RowError, Table};
use super::{Checked, Planned};
use crate::directory::catalogue::MatterRecord;
use crate::directory::Directory;
use crate::domain::matter::{check_code, MatterGuide};

/// Columns in export order.
pub const COLUMNS: [&str; 15] = [
    "code",
    "name",
    "name_en",
    "category",
    "description",
    "legal_basis",
    "applicants",
    "materials",
    "steps",
    "outlet_ids",
    "ticket_kinds",
    "online_url",
    "fee",
    "legal_limit",
    "promised_limit",
];

/// Columns holding plain text; the others hold JSON.
const TEXT: [&str; 7] = [
    "name",
    "name_en",
    "category",
    "description",
    "applicants",
    "online_url",
    "fee",
];

fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Every matter in code order (its channels sorted).
pub fn export(dir: &Directory) -> Vec<Vec<String>> {
    (dir.catalogue.matters.values())
        .map(|m| {
            let mut guide = m.guide.clone();
            guide.outlet_ids.sort();
            let value = serde_json::to_value(&guide).expect("guides serialize");
            let mut row = vec![m.code.clone()];
            row.extend(COLUMNS[1..].iter().map(|c| cell(value.get(*c))));
            row
        })
        .collect()
}

fn parse(row: &Row<'_>) -> Result<(String, MatterGuide), RowError> {
    let code = row.text("code");
    check_code(code).map_err(|e| row.error("code", e.reason.zh, e.reason.en))?;
    let mut object = Map::new();
    for column in &COLUMNS[1..] {
        let text = row.text(column);
        if text.is_empty() {
            continue;
        }
        let value = match TEXT.contains(column) {
            true => Value::String(text.to_owned()),
            false => serde_json::from_str(text).map_err(|e| {
                row.error(
                    column,
                    format!("不是有效的 JSON：{e}"),
                    format!("is not valid JSON: {e}"),
                )
            })?,
        };
        object.insert((*column).to_owned(), value);
    }
    let guide: MatterGuide =
        serde_path_to_error::deserialize(Value::Object(object)).map_err(|e| {
            let path = e.path().to_string();
            let column = path.split(['.', '[']).next().unwrap_or("row").to_owned();
            let inner = e.into_inner();
            row.error(
                &column,
                format!("格式不对：{inner}"),
                format!("is not valid: {inner}"),
            )
        })?;
    Ok((code.to_owned(), guide))
}

/// Checks every row against the outlets stored.
pub fn check(dir: &Directory, table: &Table, now: DateTime<Utc>) -> Checked {
    let mut checked = Checked::default();
    let mut seen = std::collections::HashSet::new();
    for row in table.rows() {
        let (code, guide) = match parse(&row) {
            Ok(parsed) => parsed,
            Err(e) => {
                checked.refused.push(e);
                continue;
            }
        };
        if !seen.insert(code.clone()) {
            checked
                .refused
                .push(row.error("code", "在文件中重复", "appears twice in the file"));
            continue;
        }
        if let Err(e) = guide.validate(|id| dir.outlets.get(id).is_some()) {
            checked.refused.push(RowError {
                row: row.number,
                column: e.field.into(),
                reason: e.reason,
            });
            continue;
        }
        let before = dir.catalogue.matters.get(&code);
        let same = before.is_some_and(|b| {
            let mut a = b.guide.outlet_ids.clone();
            let mut n = guide.outlet_ids.clone();
            a.sort();
            n.sort();
            a == n
                && MatterGuide {
                    outlet_ids: Vec::new(),
                    ..b.guide.clone()
                } == MatterGuide {
                    outlet_ids: Vec::new(),
                    ..guide.clone()
                }
        });
        if same {
            checked.unchanged += 1;
            continue;
        }
        let record = MatterRecord {
            code,
            guide,
            updated_at: now,
            version: before.map_or(1, |b| b.version + 1),
        };
        checked.planned.push(Planned::Matter {
            record: Box::new(record),
            before: before.cloned().map(Box::new),
        });
    }
    checked
}
