//! The visit rules, year to date: commissioners' targets without an on-site
//! visit this year, envoys' regions missing a quarter.

use chrono::NaiveDate;

use crate::db::programmes::assignments::{self, AssignmentFilter};
use crate::db::programmes::visits::{self, VisitFilter};
use crate::db::programmes::{people, targets};
use crate::db::DbConn;
use crate::domain::programmes::compliance::{
    regions_missing_quarters, targets_without_on_site, year_bounds, RegionGap, TargetGap,
};
use crate::domain::programmes::person::Person;
use crate::domain::programmes::target::Target;
use crate::domain::programmes::visit::{Assignment, Visit};
use crate::error::AppError;

fn year_input(
    conn: &mut DbConn,
    year: i32,
    to_targets: bool,
) -> Result<(Vec<Assignment>, Vec<Visit>), AppError> {
    let (first, last) = year_bounds(year);
    let filter = AssignmentFilter {
        overlapping: Some((first, last)),
        to_targets: Some(to_targets),
        ..Default::default()
    };
    let assigned = assignments::list(conn, &filter)?;
    let visits = visits::list(
        conn,
        &VisitFilter {
            from: Some(first),
            to: Some(last),
            ..Default::default()
        },
        visits::ALL,
    )?;
    Ok((assigned, visits))
}

/// Targets without an on-site visit in `year` up to `today`, with the target and its commissioners.
pub fn commissioners(
    conn: &mut DbConn,
    year: i32,
    today: NaiveDate,
) -> Result<Vec<(TargetGap, Target, Vec<Person>)>, AppError> {
    let (assigned, visits) = year_input(conn, year, true)?;
    let gaps = targets_without_on_site(year, today, &assigned, &visits);
    let target_ids: Vec<String> = gaps.iter().map(|g| g.target_id.clone()).collect();
    let person_ids: Vec<String> = gaps.iter().flat_map(|g| g.person_ids.clone()).collect();
    let found_targets = targets::by_ids(conn, &target_ids)?;
    let found_people = people::by_ids(conn, &person_ids)?;
    let mut out = Vec::new();
    for gap in gaps {
        let Some(t) = found_targets.iter().find(|t| t.id == gap.target_id) else {
            continue;
        };
        let who = found_people
            .iter()
            .filter(|p| gap.person_ids.contains(&p.id))
            .cloned()
            .collect();
        out.push((gap, t.clone(), who));
    }
    Ok(out)
}

/// Envoys' regions missing quarters of `year` up to `today`, optionally only
/// regions in `within` (a named region set), with the envoy.
pub fn envoys(
    conn: &mut DbConn,
    year: i32,
    today: NaiveDate,
    within: Option<&[String]>,
) -> Result<Vec<(RegionGap, Person)>, AppError> {
    let (mut assigned, visits) = year_input(conn, year, false)?;
    if let Some(set) = within {
        assigned.retain(|a| a.region_code.as_ref().is_some_and(|r| set.contains(r)));
    }
    let gaps = regions_missing_quarters(year, today, &assigned, &visits);
    let ids: Vec<String> = gaps.iter().map(|g| g.person_id.clone()).collect();
    let found = people::by_ids(conn, &ids)?;
    Ok(gaps
        .into_iter()
        .filter_map(|g| {
            let p = found.iter().find(|p| p.id == g.person_id)?.clone();
            Some((g, p))
        })
        .collect())
}
