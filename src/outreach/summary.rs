//! A campaign's outcome summary and the cities below its rules.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::db::outreach;
use crate::db::DbConn;
use crate::directory::Directory;
use crate::domain::outreach::event::{Campaign, Event, Outcome, Reported};
use crate::domain::outreach::summary::{shortfalls, Shortfall};
use crate::domain::vocab::RegionLevel;
use crate::error::{AppError, Resource};

/// A campaign with its events and the outcomes recorded.
pub fn load(conn: &mut DbConn, id: &str) -> Result<(Campaign, Vec<Reported>), AppError> {
    let campaign =
        outreach::campaign(conn, id)?.ok_or_else(|| AppError::not_found(Resource::Campaign, id))?;
    let events = outreach::of_campaign(conn, id)?;
    let ids: Vec<String> = events.iter().map(|e| e.id.clone()).collect();
    let mut outcomes: BTreeMap<String, Outcome> =
        outreach::outcomes(conn, &ids)?.into_iter().collect();
    let paired = events.into_iter().map(|e| {
        let o = outcomes.remove(&e.id);
        (e, o)
    });
    Ok((campaign, paired.collect()))
}

/// The campaign's cities: the prefectures of its region (or the region itself).
pub fn cities(dir: &Directory, campaign: &Campaign) -> Vec<String> {
    let tree = &dir.regions;
    let Some(i) = tree.index_of(&campaign.draft.region_code) else {
        return Vec::new();
    };
    if tree.region(i).level == RegionLevel::Prefecture {
        return vec![tree.region(i).code.clone()];
    }
    (tree.children(Some(i)).iter())
        .map(|&c| tree.region(c))
        .filter(|r| r.level == RegionLevel::Prefecture)
        .map(|r| r.code.clone())
        .collect()
}

/// The cities below the campaign's minimums and monthly rules as of `today`.
pub fn compliance(
    dir: &Directory,
    campaign: &Campaign,
    events: &[Reported],
    today: NaiveDate,
) -> Vec<Shortfall> {
    let all: Vec<Event> = events.iter().map(|(e, _)| e.clone()).collect();
    shortfalls(&campaign.draft, &cities(dir, campaign), &all, today)
}
