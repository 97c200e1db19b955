//! The service archive (服务档案) of one person for a period, the basis of
//! evaluation: visits by mode and task, whom they served, follow-ups kept.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::visit::{FollowUp, Visit};
use super::vocab::{VisitMode, VisitTask};

/// How a person's follow-ups due in the period stand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FollowUpCounts {
    /// Due in the period.
    pub due: u32,
    /// Done on or before their due date.
    pub closed_on_time: u32,
    /// Done after their due date.
    pub closed_late: u32,
    /// Not done and past due.
    pub open_overdue: u32,
    /// Not done, not yet due.
    pub open: u32,
}

/// The archive's figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Archive {
    /// Visits in the period.
    pub visits: u32,
    /// Visits per mode.
    pub by_mode: BTreeMap<VisitMode, u32>,
    /// Visits covering each task.
    pub by_task: BTreeMap<VisitTask, u32>,
    /// Minutes spent.
    pub minutes: u64,
    /// Targets visited.
    pub targets_served: BTreeSet<String>,
    /// Regions visited.
    pub regions_served: BTreeSet<String>,
    /// Follow-ups due in the period.
    pub follow_ups: FollowUpCounts,
}

/// Sums a person's visits in `[from, to]` and the follow-ups due in it, as of `today`.
pub fn summarize(
    (from, to): (NaiveDate, NaiveDate),
    today: NaiveDate,
    visits: &[Visit],
    follow_ups: &[FollowUp],
) -> Archive {
    let mut a = Archive::default();
    for v in visits
        .iter()
        .filter(|v| from <= v.visited_on && v.visited_on <= to)
    {
        a.visits += 1;
        *a.by_mode.entry(v.mode).or_default() += 1;
        for t in &v.tasks {
            *a.by_task.entry(*t).or_default() += 1;
        }
        a.minutes += u64::from(v.duration_minutes);
        a.targets_served.extend(v.target_id.clone());
        a.regions_served.extend(v.region_code.clone());
    }
    for f in follow_ups
        .iter()
        .filter(|f| from <= f.due_on && f.due_on <= to)
    {
        let c = &mut a.follow_ups;
        c.due += 1;
        match f.done_on {
            Some(done) if done <= f.due_on => c.closed_on_time += 1,
            Some(_) => c.closed_late += 1,
            None if f.due_on < today => c.open_overdue += 1,
            None => c.open += 1,
        }
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follow_ups_are_counted_by_how_they_were_kept() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let f = |due: &str, done: Option<&str>| FollowUp {
            id: due.into(),
            visit_id: "v".into(),
            person_id: "p".into(),
            description: "x".into(),
            due_on: d(due),
            done_on: done.map(d),
        };
        let ups = [
            f("2026-03-01", Some("2026-02-20")),
            f("2026-03-01", Some("2026-03-05")),
            f("2026-05-01", None),
            f("2026-12-20", None),
            f("2027-02-01", None),
        ];
        let a = summarize(
            (d("2026-01-01"), d("2026-12-31")),
            d("2026-12-03"),
            &[],
            &ups,
        );
        assert_eq!(
            a.follow_ups,
            FollowUpCounts {
                due: 4,
                closed_on_time: 1,
                closed_late: 1,
                open_overdue: 1,
                open: 1
            }
        );
    }
}
