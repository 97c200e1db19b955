//! Seed of the catalogue: the official calendar 2004–2026, a dozen real IPR
//! service matters offered by the demonstration outlets of matching kinds,
//! and demonstration opening hours.

use std::collections::{BTreeMap, HashSet};

use chrono::{Datelike, NaiveDate, NaiveTime, Utc};
use serde::Deserialize;

use super::read;
use crate::db::calendar::{DayRow, YearRow};
use crate::db::matters::{HoursRow, MatterRow};
use crate::db::{self, DbConn};
use crate::domain::hours::{Interval, OpeningHours, Weekly};
use crate::domain::matter::MatterGuide;

const HOLIDAYS_CSV: &str = include_str!("../../seed/holidays.csv");
const MATTERS_JSON: &str = include_str!("../../seed/matters.json");

/// Where the seeded calendar comes from.
const CALENDAR_SOURCE: &str =
    "国务院办公厅关于部分节假日安排的通知（历年）/ State Council annual holiday notices";

#[derive(Deserialize)]
struct HolidayCsv {
    date: NaiveDate,
    kind: String,
    name: String,
}

fn chinese_name(english: &str) -> &'static str {
    match english {
        "New Year's Day" => "元旦",
        "Spring Festival" => "春节",
        "Tomb-sweeping Day" => "清明节",
        "Labour Day" => "劳动节",
        "Dragon Boat Festival" => "端午节",
        "Mid-autumn Festival" => "中秋节",
        "National Day" => "国庆节",
        "Anti-Fascist 70th Day" => "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
        _ => "节假日",
    }
}

/// Inserts the years of holidays.csv that are not stored yet.
pub fn seed_calendar(conn: &mut DbConn) -> anyhow::Result<usize> {
    let stored: HashSet<i32> = db::calendar::years(conn)?
        .into_iter()
        .map(|y| y.year)
        .collect();
    let mut by_year: BTreeMap<i32, Vec<DayRow>> = BTreeMap::new();
    for h in read::<HolidayCsv>("holidays.csv", HOLIDAYS_CSV)? {
        let kind = if h.kind == "workday" {
            "workday"
        } else {
            "holiday"
        };
        let row = DayRow {
            day: h.date,
            kind: kind.into(),
            name_zh: chinese_name(&h.name).into(),
            name_en: h.name,
        };
        by_year.entry(h.date.year()).or_default().push(row);
    }
    let now = Utc::now().naive_utc();
    let mut inserted = 0;
    for (year, days) in by_year.into_iter().filter(|(y, _)| !stored.contains(y)) {
        db::calendar::replace_year(
            conn,
            &YearRow {
                year,
                source: CALENDAR_SOURCE.into(),
                updated_at: now,
            },
            &days,
        )?;
        inserted += 1;
    }
    Ok(inserted)
}

#[derive(Deserialize)]
struct SeedMatter {
    code: String,
    channel_kinds: Vec<String>,
    #[serde(flatten)]
    guide: MatterGuide,
}

/// Inserts the matters not stored yet, offered by outlets of the listed kinds.
pub fn seed_matters(conn: &mut DbConn) -> anyhow::Result<usize> {
    let outlets = db::outlets::load_all(conn)?;
    let mut inserted = 0;
    for seed in serde_json::from_str::<Vec<SeedMatter>>(MATTERS_JSON)? {
        if db::matters::find(conn, &seed.code)?.is_some() {
            continue;
        }
        let ids: Vec<String> = outlets
            .iter()
            .filter(|o| seed.channel_kinds.contains(&o.kind))
            .map(|o| o.id.clone())
            .collect();
        let now = Utc::now().naive_utc();
        let row = MatterRow {
            code: seed.code.clone(),
            name: seed.guide.name.clone(),
            category: seed.guide.category.as_str().into(),
            document: serde_json::to_string(&MatterGuide {
                outlet_ids: Vec::new(),
                ..seed.guide
            })?,
            created_at: now,
            updated_at: now,
            version: 1,
        };
        inserted += db::matters::save(conn, &row, None)?;
        db::matters::replace_channels(conn, &seed.code, &ids)?;
    }
    Ok(inserted)
}

/// Gives every seeded outlet without hours the demonstration schedule.
pub fn seed_hours(conn: &mut DbConn) -> anyhow::Result<()> {
    let with_hours: HashSet<String> = db::matters::all_hours(conn)?
        .into_iter()
        .map(|h| h.outlet_id)
        .collect();
    let schedule = serde_json::to_string(&demo_hours())?;
    let now = Utc::now().naive_utc();
    for outlet in db::outlets::load_all(conn)?
        .into_iter()
        .filter(|o| !with_hours.contains(&o.id))
    {
        if outlet
            .note
            .as_deref()
            .is_some_and(|n| n.starts_with(super::DEMO_NOTE))
        {
            db::matters::save_hours(
                conn,
                &HoursRow {
                    outlet_id: outlet.id,
                    schedule: schedule.clone(),
                    updated_at: now,
                },
            )?;
        }
    }
    Ok(())
}

fn demo_hours() -> OpeningHours {
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("valid time");
    let day = vec![
        Interval {
            opens: t(8, 30),
            closes: t(12, 0),
        },
        Interval {
            opens: t(14, 30),
            closes: t(17, 30),
        },
    ];
    OpeningHours {
        weekly: Weekly {
            mon: day.clone(),
            tue: day.clone(),
            wed: day.clone(),
            thu: day.clone(),
            fri: day,
            ..Default::default()
        },
        exceptions: Vec::new(),
        closed_on_holidays: true,
        open_on_makeup_days: true,
        note: Some("演示数据：按机关作息时间示例 / demonstration hours".into()),
    }
}
