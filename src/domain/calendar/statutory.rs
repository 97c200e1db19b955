//! The statutory holidays as the law fixes them (全国年节及纪念日放假办法, as
//! revised in 2024, in force from 1 January 2025), for years whose official
//! arrangement the State Council has not published yet:
//!
//! | festival | days |
//! |---|---|
//! | 元旦 New Year | 1 January |
//! | 春节 Spring Festival | 4 days, 除夕 (lunar New Year's Eve) to 正月初三 |
//! | 清明节 Qingming | the day of the 清明 solar term |
//! | 劳动节 Labour Day | 1–2 May |
//! | 端午节 Dragon Boat | 五月初五 |
//! | 中秋节 Mid-Autumn | 八月十五 |
//! | 国庆节 National Day | 1–3 October |
//!
//! Lunar dates and the solar term come from `tyme4rs` (6tail's Tyme, ShouXing
//! astronomical algorithms, Beijing time); a test checks 2027–2035 against a
//! second, independent implementation. What the State Council adds every year
//! — bridging days off and the make-up working days (调休) — cannot be known
//! in advance, so a provisional calendar leaves them out.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{Days, NaiveDate};
use tyme4rs::tyme::lunar::LunarDay;
use tyme4rs::tyme::solar::{SolarDay, SolarTerm};

/// The first year the 2024 revision governs.
pub const FIRST_YEAR: i32 = 2025;
/// The last year computed (the lunar tables reach well beyond).
pub const LAST_YEAR: i32 = 2100;

fn date(day: SolarDay) -> NaiveDate {
    let year = i32::try_from(day.get_year()).expect("a year in range");
    NaiveDate::from_ymd_opt(year, day.get_month() as u32, day.get_day() as u32)
        .expect("a valid solar day")
}

fn lunar(year: i32, month: isize, day: usize) -> NaiveDate {
    date(LunarDay::from_ymd(year as isize, month, day).get_solar_day())
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a fixed date")
}

/// 除夕: the day before 正月初一 of `year`'s lunar year.
pub fn lunar_new_years_eve(year: i32) -> NaiveDate {
    lunar(year, 1, 1) - Days::new(1)
}

/// The day of the 清明 solar term in `year`.
pub fn qingming(year: i32) -> NaiveDate {
    let term = SolarTerm::new(year as isize, "清明").expect("清明 is a solar term");
    date(term.get_solar_day())
}

/// 端午: 五月初五.
pub fn dragon_boat(year: i32) -> NaiveDate {
    lunar(year, 5, 5)
}

/// 中秋: 八月十五.
pub fn mid_autumn(year: i32) -> NaiveDate {
    lunar(year, 8, 15)
}

/// A statutory festival.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Festival {
    /// 元旦.
    NewYear,
    /// 春节.
    SpringFestival,
    /// 清明节.
    Qingming,
    /// 劳动节.
    LabourDay,
    /// 端午节.
    DragonBoat,
    /// 中秋节.
    MidAutumn,
    /// 国庆节.
    NationalDay,
}

impl Festival {
    /// The festival's name in Chinese and English.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Festival::NewYear => ("元旦", "New Year's Day"),
            Festival::SpringFestival => ("春节", "Spring Festival"),
            Festival::Qingming => ("清明节", "Qingming Festival"),
            Festival::LabourDay => ("劳动节", "Labour Day"),
            Festival::DragonBoat => ("端午节", "Dragon Boat Festival"),
            Festival::MidAutumn => ("中秋节", "Mid-Autumn Festival"),
            Festival::NationalDay => ("国庆节", "National Day"),
        }
    }
}

/// The statutory holidays of one year, computed.
fn compute(year: i32) -> BTreeMap<NaiveDate, Festival> {
    use Festival as F;
    let eve = lunar_new_years_eve(year);
    let mut days: BTreeMap<NaiveDate, Festival> = (0..4)
        .map(|n| (eve + Days::new(n), F::SpringFestival))
        .collect();
    days.extend([
        (ymd(year, 1, 1), F::NewYear),
        (qingming(year), F::Qingming),
        (ymd(year, 5, 1), F::LabourDay),
        (ymd(year, 5, 2), F::LabourDay),
        (dragon_boat(year), F::DragonBoat),
        (mid_autumn(year), F::MidAutumn),
        (ymd(year, 10, 1), F::NationalDay),
        (ymd(year, 10, 2), F::NationalDay),
        (ymd(year, 10, 3), F::NationalDay),
    ]);
    days
}

/// The statutory holidays of `year`, or `None` outside [`FIRST_YEAR`]..=[`LAST_YEAR`].
pub fn holidays(year: i32) -> Option<&'static BTreeMap<NaiveDate, Festival>> {
    static YEARS: OnceLock<BTreeMap<i32, BTreeMap<NaiveDate, Festival>>> = OnceLock::new();
    YEARS
        .get_or_init(|| (FIRST_YEAR..=LAST_YEAR).map(|y| (y, compute(y))).collect())
        .get(&year)
}

#[cfg(test)]
mod tests {
    use chrono::{Datelike, Days, NaiveDate};
    use nongli::{ChineseDate, SolarTerm as NongliTerm};

    use super::*;

    /// The second source: `nongli`, whose lunar months and solar terms come
    /// from published tables rather than from Tyme's astronomical algorithms.
    fn nongli_lunar(year: i32, month: u8, day: u8) -> NaiveDate {
        ChineseDate::new(year, month, false, day)
            .expect("a valid lunar date")
            .to_gregorian()
    }

    fn nongli_qingming(year: i32) -> NaiveDate {
        (1..=10)
            .map(|d| NaiveDate::from_ymd_opt(year, 4, d).unwrap())
            .find(|d| NongliTerm::from_date(d) == Some(NongliTerm::Qingming))
            .expect("清明 falls in early April")
    }

    #[test]
    fn statutory_holidays_2027_to_2035_match_a_second_source() {
        for year in 2027..=2035 {
            let eve = nongli_lunar(year, 1, 1) - Days::new(1);
            let mut expected: Vec<NaiveDate> = (0..4).map(|n| eve + Days::new(n)).collect();
            expected.extend([
                NaiveDate::from_ymd_opt(year, 1, 1).unwrap(),
                nongli_qingming(year),
                NaiveDate::from_ymd_opt(year, 5, 1).unwrap(),
                NaiveDate::from_ymd_opt(year, 5, 2).unwrap(),
                nongli_lunar(year, 5, 5),
                nongli_lunar(year, 8, 15),
                NaiveDate::from_ymd_opt(year, 10, 1).unwrap(),
                NaiveDate::from_ymd_opt(year, 10, 2).unwrap(),
                NaiveDate::from_ymd_opt(year, 10, 3).unwrap(),
            ]);
            // 中秋 can fall within 国庆 (3 October 2028): one day, not two.
            expected.sort();
            expected.dedup();
            let computed: Vec<NaiveDate> = holidays(year).unwrap().keys().copied().collect();
            assert_eq!(computed, expected, "{year}");
        }
    }

    #[test]
    fn every_computed_holiday_of_2025_and_2026_is_an_official_one() {
        // The State Council's published arrangements (seed/holidays.csv)
        // contain every statutory day the law fixes, plus bridging days.
        let official: Vec<NaiveDate> = include_str!("../../../seed/holidays.csv")
            .lines()
            .filter(|l| l.contains(",holiday"))
            .filter_map(|l| l.split(',').next()?.parse().ok())
            .collect();
        for year in [2025, 2026] {
            for day in holidays(year).unwrap().keys() {
                assert!(official.contains(day), "{day} is not an official holiday");
            }
        }
        assert!(
            holidays(2024).is_none(),
            "before the 2024 revision took effect"
        );
        assert_eq!(holidays(2100).unwrap().keys().next().unwrap().year(), 2100);
    }
}
