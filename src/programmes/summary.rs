//! What the public sees of the programmes: counts per region, never people.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::db::programmes::assignments::{self, AssignmentFilter};
use crate::db::programmes::targets;
use crate::db::programmes::visits::{self, VisitFilter};
use crate::db::DbConn;
use crate::domain::programmes::compliance::year_bounds;
use crate::domain::programmes::vocab::VisitMode;
use crate::domain::regions::RegionTree;
use crate::error::AppError;

/// Counts for one region.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegionCounts {
    /// Commissioners with a target in the region in force today.
    pub commissioners: u32,
    /// Envoys assigned to the region (or a region under it) today.
    pub envoys: u32,
    /// Service targets in the region.
    pub targets: u32,
    /// Visits in the region this year.
    pub visits: u32,
    /// Of which on site.
    pub on_site_visits: u32,
}

/// Counts per child of `parent` (per province for `None`) as of `today`.
pub fn per_region(
    conn: &mut DbConn,
    tree: &RegionTree,
    parent: Option<usize>,
    today: NaiveDate,
) -> Result<BTreeMap<String, RegionCounts>, AppError> {
    let children = tree.children(parent);
    // Each region code maps to the child of `parent` it lies in.
    let child_of = |code: &str| -> Option<String> {
        let i = tree.index_of(code)?;
        tree.ancestors(i)
            .find(|a| children.contains(a))
            .map(|a| tree.region(a).code.clone())
    };
    let mut out: BTreeMap<String, RegionCounts> = children
        .iter()
        .map(|&c| (tree.region(c).code.clone(), RegionCounts::default()))
        .collect();
    let all_targets = targets::list(conn, (None, None), None, i64::MAX)?;
    let region_of_target: BTreeMap<&str, &str> = all_targets
        .iter()
        .map(|t| (t.id.as_str(), t.region_code.as_str()))
        .collect();
    for t in &all_targets {
        if let Some(c) = child_of(&t.region_code) {
            out.entry(c).or_default().targets += 1;
        }
    }
    count_people(conn, today, (&region_of_target, &child_of), &mut out)?;
    count_visits(conn, today, (&region_of_target, &child_of), &mut out)?;
    Ok(out)
}

/// Where a target lies (by id), and which child region a code lies in.
type Placing<'a> = (
    &'a BTreeMap<&'a str, &'a str>,
    &'a dyn Fn(&str) -> Option<String>,
);

/// Commissioners and envoys with an assignment in force `today`, each
/// person counted once per child region.
fn count_people(
    conn: &mut DbConn,
    today: NaiveDate,
    (region_of_target, child_of): Placing<'_>,
    out: &mut BTreeMap<String, RegionCounts>,
) -> Result<(), AppError> {
    let today_filter = AssignmentFilter {
        overlapping: Some((today, today)),
        ..Default::default()
    };
    let mut commissioners: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut envoys: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for a in assignments::list(conn, &today_filter)? {
        let (bucket, region) = match (&a.target_id, &a.region_code) {
            (Some(t), _) => (
                &mut commissioners,
                region_of_target.get(t.as_str()).map(|r| r.to_string()),
            ),
            (None, Some(r)) => (&mut envoys, Some(r.clone())),
            _ => continue,
        };
        if let Some(c) = region.and_then(|r| child_of(&r)) {
            bucket.entry(c).or_default().insert(a.person_id);
        }
    }
    for (code, people) in commissioners {
        out.entry(code).or_default().commissioners = people.len() as u32;
    }
    for (code, people) in envoys {
        out.entry(code).or_default().envoys = people.len() as u32;
    }
    Ok(())
}

/// This year's visits up to `today`, and of them the on-site ones.
fn count_visits(
    conn: &mut DbConn,
    today: NaiveDate,
    (region_of_target, child_of): Placing<'_>,
    out: &mut BTreeMap<String, RegionCounts>,
) -> Result<(), AppError> {
    let (first, _) = year_bounds(chrono::Datelike::year(&today));
    let year = VisitFilter {
        from: Some(first),
        to: Some(today),
        ..Default::default()
    };
    for v in visits::list(conn, &year, visits::ALL)? {
        let region = match (&v.target_id, &v.region_code) {
            (Some(t), _) => region_of_target.get(t.as_str()).map(|r| r.to_string()),
            (None, r) => r.clone(),
        };
        if let Some(c) = region.and_then(|r| child_of(&r)) {
            let e = out.entry(c).or_default();
            e.visits += 1;
            e.on_site_visits += u32::from(v.mode == VisitMode::OnSite);
        }
    }
    Ok(())
}
