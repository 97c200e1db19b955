//! Visit rules: every commissioner's target needs an on-site visit each
//! calendar year; every envoy's region a visit each quarter.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{Datelike, NaiveDate};

use super::visit::{Assignment, Visit};
use super::vocab::VisitMode;

/// A calendar quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    /// The year.
    pub year: i32,
    /// 1 to 4.
    pub number: u32,
}

impl Quarter {
    /// The quarter a day is in.
    pub fn of(day: NaiveDate) -> Self {
        Self {
            year: day.year(),
            number: day.month0() / 3 + 1,
        }
    }

    /// Its first day.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, (self.number - 1) * 3 + 1, 1).expect("valid quarter")
    }

    /// Its last day.
    pub fn last_day(self) -> NaiveDate {
        match self.number {
            4 => NaiveDate::from_ymd_opt(self.year, 12, 31).expect("valid date"),
            n => NaiveDate::from_ymd_opt(self.year, n * 3 + 1, 1)
                .expect("valid date")
                .pred_opt()
                .expect("valid date"),
        }
    }

    /// The four quarters of a year.
    pub fn of_year(year: i32) -> impl Iterator<Item = Quarter> {
        (1..=4).map(move |number| Quarter { year, number })
    }
}

impl fmt::Display for Quarter {
    /// `2026Q2`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}Q{}", self.year, self.number)
    }
}

/// A target without an on-site visit so far this year.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetGap {
    /// The target.
    pub target_id: String,
    /// The commissioners assigned to it this year.
    pub person_ids: Vec<String>,
    /// Remote visits it had this year (they do not count).
    pub remote_visits: u32,
    /// Days left in the year to make the visit (0 once the year is over).
    pub days_left: i64,
}

/// First and last day of a year.
pub fn year_bounds(year: i32) -> (NaiveDate, NaiveDate) {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year");
    let last = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid year");
    (first, last)
}

/// The targets assigned in `year` (up to `today`) without an on-site visit in
/// that year up to `today`, ordered by target id.
pub fn targets_without_on_site(
    year: i32,
    today: NaiveDate,
    assignments: &[Assignment],
    visits: &[Visit],
) -> Vec<TargetGap> {
    let (first, last) = year_bounds(year);
    let until = today.min(last);
    if until < first {
        return Vec::new();
    }
    let mut people: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for a in assignments.iter().filter(|a| a.overlaps(first, until)) {
        if let Some(t) = &a.target_id {
            people.entry(t).or_default().insert(&a.person_id);
        }
    }
    let in_year = |v: &&Visit| first <= v.visited_on && v.visited_on <= until;
    let mut on_site = BTreeSet::new();
    let mut remote: BTreeMap<&str, u32> = BTreeMap::new();
    for v in visits.iter().filter(in_year) {
        let Some(t) = v.target_id.as_deref() else {
            continue;
        };
        match v.mode {
            VisitMode::OnSite => {
                on_site.insert(t);
            }
            VisitMode::Remote => *remote.entry(t).or_default() += 1,
        }
    }
    let days_left = (last - today).num_days().clamp(0, 366);
    people
        .into_iter()
        .filter(|(t, _)| !on_site.contains(t))
        .map(|(t, p)| TargetGap {
            target_id: t.to_owned(),
            person_ids: p.into_iter().map(str::to_owned).collect(),
            remote_visits: remote.get(t).copied().unwrap_or(0),
            days_left,
        })
        .collect()
}

/// An envoy's region missing quarterly visits.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionGap {
    /// The envoy.
    pub person_id: String,
    /// The region.
    pub region_code: String,
    /// Ended quarters of the year, in force, without a visit.
    pub missing: Vec<Quarter>,
    /// The running quarter when it has no visit yet, with the days left in it.
    pub current: Option<(Quarter, i64)>,
}

/// Per envoy assignment in force in `year`: the ended quarters without a
/// visit, and the running quarter if it has none yet.
pub fn regions_missing_quarters(
    year: i32,
    today: NaiveDate,
    assignments: &[Assignment],
    visits: &[Visit],
) -> Vec<RegionGap> {
    let mut gaps = Vec::new();
    for a in assignments {
        let Some(region) = &a.region_code else {
            continue;
        };
        let visited = |q: Quarter| {
            visits.iter().any(|v| {
                v.person_id == a.person_id
                    && v.region_code.as_ref() == Some(region)
                    && q.first_day() <= v.visited_on
                    && v.visited_on <= q.last_day()
            })
        };
        let mut gap = RegionGap {
            person_id: a.person_id.clone(),
            region_code: region.clone(),
            missing: Vec::new(),
            current: None,
        };
        for q in Quarter::of_year(year) {
            if !a.overlaps(q.first_day(), q.last_day()) || q.first_day() > today || visited(q) {
                continue;
            }
            if q.last_day() < today {
                gap.missing.push(q);
            } else {
                gap.current = Some((q, (q.last_day() - today).num_days()));
            }
        }
        if !gap.missing.is_empty() || gap.current.is_some() {
            gaps.push(gap);
        }
    }
    gaps.sort_by(|a, b| (&a.region_code, &a.person_id).cmp(&(&b.region_code, &b.person_id)));
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::programmes::vocab::VisitTask;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn assignment(person: &str, target: Option<&str>, region: Option<&str>) -> Assignment {
        Assignment {
            id: format!("pa-{person}"),
            person_id: person.into(),
            target_id: target.map(Into::into),
            region_code: region.map(Into::into),
            cycle_start: day("2026-01-01"),
            cycle_end: day("2027-12-31"),
            ended_on: None,
            end_reason: None,
        }
    }

    fn visit(
        person: &str,
        (target, region): (Option<&str>, Option<&str>),
        mode: VisitMode,
        on: &str,
    ) -> Visit {
        Visit {
            id: format!("pv-{on}"),
            person_id: person.into(),
            target_id: target.map(Into::into),
            region_code: region.map(Into::into),
            mode,
            visited_on: day(on),
            duration_minutes: 60,
            tasks: vec![VisitTask::PolicyBriefing],
            notes: String::new(),
            attachments: vec![],
            created_at: chrono::Utc::now(),
            created_by: "k".into(),
        }
    }

    #[test]
    fn a_remote_visit_does_not_count_for_the_year() {
        let a = ["t1", "t2", "t3"].map(|t| assignment("c", Some(t), None));
        let v = [
            visit("c", (Some("t1"), None), VisitMode::OnSite, "2026-03-02"),
            visit("c", (Some("t2"), None), VisitMode::OnSite, "2026-06-02"),
            visit("c", (Some("t3"), None), VisitMode::Remote, "2026-07-02"),
            visit("c", (Some("t3"), None), VisitMode::OnSite, "2025-07-02"),
        ];
        let gaps = targets_without_on_site(2026, day("2026-12-03"), &a, &v);
        assert_eq!(gaps.len(), 1);
        assert_eq!(gaps[0].target_id, "t3");
        assert_eq!(gaps[0].person_ids, ["c"]);
        assert_eq!((gaps[0].remote_visits, gaps[0].days_left), (1, 28));
    }

    #[test]
    fn quarters_are_missing_once_ended_and_pending_while_running() {
        let a = [assignment("e", None, Some("330000"))];
        let v = [
            visit("e", (None, Some("330000")), VisitMode::Remote, "2026-02-10"),
            visit("e", (None, Some("330000")), VisitMode::OnSite, "2026-08-10"),
        ];
        let now = regions_missing_quarters(2026, day("2026-12-03"), &a, &v);
        let q = |n| Quarter {
            year: 2026,
            number: n,
        };
        assert_eq!(now[0].missing, [q(2)]);
        assert_eq!(now[0].current, Some((q(4), 28)));
        let later = regions_missing_quarters(2026, day("2027-01-05"), &a, &v);
        assert_eq!(later[0].missing, [q(2), q(4)]);
        assert_eq!(later[0].current, None);
        assert_eq!(q(1).last_day(), day("2026-03-31"));
        assert_eq!(q(2).to_string(), "2026Q2");
    }
}
