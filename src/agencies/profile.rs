//! An agency's public profile: its credit records, the current grade and
//! listings, and the complaints about it counted by state.

use std::collections::BTreeMap;

use crate::db::{self, DbConn};
use crate::domain::agencies::credit::{CreditGrade, CreditRecord};
use crate::domain::agencies::{Agency, AgencyKind};
use crate::error::AppError;

/// An agency with its credit standing.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The agency.
    pub agency: Agency,
    /// Its records with their ids, oldest first.
    pub records: Vec<(String, CreditRecord)>,
}

impl Profile {
    /// The grade of the evaluation with the latest period.
    pub fn grade(&self) -> Option<CreditGrade> {
        (self.records.iter())
            .filter_map(|(_, r)| match r {
                CreditRecord::Evaluation(e) => Some(e),
                _ => None,
            })
            .max_by_key(|e| e.period_end)
            .map(|e| CreditGrade::of(e.score, e.bonus_points))
    }

    /// Whether it is on a list now (an entry not removed).
    pub fn listed(&self) -> bool {
        (self.records.iter())
            .any(|(_, r)| matches!(r, CreditRecord::Listing(l) if l.removed_on.is_none()))
    }
}

/// The profiles of agencies, with their records.
pub fn profiles(conn: &mut DbConn, agencies: Vec<Agency>) -> Result<Vec<Profile>, AppError> {
    let ids: Vec<String> = agencies.iter().map(|a| a.id.clone()).collect();
    let mut by_agency: BTreeMap<String, Vec<(String, CreditRecord)>> = BTreeMap::new();
    for (id, agency, record) in db::agencies::records(conn, Some(&ids))? {
        by_agency.entry(agency).or_default().push((id, record));
    }
    Ok(agencies
        .into_iter()
        .map(|a| {
            let records = by_agency.remove(&a.id).unwrap_or_default();
            Profile { agency: a, records }
        })
        .collect())
}

/// What to search the register for; every filter optional.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// Words in the name, or a credit code.
    pub q: Option<String>,
    /// Offering this kind.
    pub kind: Option<AgencyKind>,
    /// In these regions.
    pub regions: Option<Vec<String>>,
    /// With this current grade.
    pub grade: Option<CreditGrade>,
    /// On a list now (true) or not (false).
    pub listed: Option<bool>,
}

/// The agencies matching a search, by id.
pub fn search(conn: &mut DbConn, s: &Search) -> Result<Vec<Profile>, AppError> {
    let all = db::agencies::all(conn)?;
    let wanted: Vec<Agency> = (all.into_iter())
        .filter(|a| {
            let d = &a.draft;
            s.q.as_deref()
                .is_none_or(|q| d.name.contains(q.trim()) || d.credit_code == q.trim())
                && s.kind.is_none_or(|k| d.kinds.contains(&k))
                && s.regions
                    .as_ref()
                    .is_none_or(|r| r.contains(&d.region_code))
        })
        .collect();
    let mut found = profiles(conn, wanted)?;
    found.retain(|p| {
        s.grade.is_none_or(|g| p.grade() == Some(g)) && s.listed.is_none_or(|l| p.listed() == l)
    });
    Ok(found)
}

/// Complaints about an agency counted by ticket state.
pub fn complaints(conn: &mut DbConn, agency_id: &str) -> Result<BTreeMap<String, i64>, AppError> {
    Ok(db::agencies::complaints_by_state(conn, agency_id)?
        .into_iter()
        .collect())
}
