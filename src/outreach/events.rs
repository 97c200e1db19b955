//! Events: recorded by the office or by the organising outlet's staff, their
//! outcomes once held, and the upcoming ones near a point.

use chrono::{DateTime, Utc};

use crate::db::outreach::{self, EventRow};
use crate::db::{write_transaction, DbConn};
use crate::directory::Directory;
use crate::domain::outreach::event::{Event, EventDraft, Outcome};
use crate::domain::outreach::vocab::EventStatus;
use crate::domain::point::LngLat;
use crate::domain::vocab::RegionLevel;
use crate::error::{AppError, Resource};

/// Outlets whose events a caller may record: `None` for all (the office).
pub type OutletScope = Option<Vec<String>>;

/// The prefecture-level city a region is in (or is).
pub fn city_of(dir: &Directory, code: &str) -> Option<String> {
    let tree = &dir.regions;
    let i = tree.index_of(code)?;
    tree.ancestors(i)
        .map(|a| tree.region(a))
        .find(|r| r.level == RegionLevel::Prefecture)
        .map(|r| r.code.clone())
}

/// Checks a draft against the directory and the caller's outlets; the venue
/// in WGS-84 and the city.
pub fn check(
    dir: &Directory,
    draft: &EventDraft,
    scope: &OutletScope,
) -> Result<(Option<LngLat>, String), AppError> {
    let location = draft
        .validate()
        .map_err(|e| AppError::invalid(e.field, e.reason))?;
    let city = city_of(dir, &draft.region_code).ok_or_else(|| {
        AppError::rejected(
            "region_code",
            "须为地级市或其下的行政区划",
            "must be a prefecture-level city or a region under one",
        )
    })?;
    dir.check_outlet("organiser_outlet_id", draft.organiser_outlet_id.as_deref())?;
    if let Some(mine) = scope {
        if !draft
            .organiser_outlet_id
            .as_ref()
            .is_some_and(|o| mine.contains(o))
        {
            return Err(AppError::denied(
                "网点工作人员只能登记本网点主办的活动",
                "outlet staff record only their own outlet's events",
            ));
        }
    }
    Ok((location, city))
}

/// Stores a new event (its campaign must exist).
pub fn create(conn: &mut DbConn, event: &Event, now: DateTime<Utc>) -> Result<(), AppError> {
    write_transaction(conn, |conn| {
        if let Some(c) = &event.draft.campaign_id {
            outreach::campaign(conn, c)?.ok_or_else(|| {
                AppError::rejected("campaign_id", "活动计划不存在", "no such campaign")
            })?;
        }
        outreach::insert_event(conn, &EventRow::of(event, now.naive_utc())?)?;
        Ok(())
    })
}

/// Loads an event the caller may change: 404 when missing, 403 for another outlet's.
pub fn editable(conn: &mut DbConn, id: &str, scope: &OutletScope) -> Result<Event, AppError> {
    let event =
        outreach::event(conn, id)?.ok_or_else(|| AppError::not_found(Resource::Event, id))?;
    if let Some(mine) = scope {
        if !event
            .draft
            .organiser_outlet_id
            .as_ref()
            .is_some_and(|o| mine.contains(o))
        {
            return Err(AppError::denied(
                "网点工作人员只能修改本网点主办的活动",
                "outlet staff change only their own outlet's events",
            ));
        }
    }
    Ok(event)
}

/// Replaces an event whose version `check_version` accepts.
pub fn replace(
    conn: &mut DbConn,
    (id, scope, check_version): (&str, &OutletScope, &dyn Fn(i64) -> Result<(), AppError>),
    (draft, location, city): (EventDraft, Option<LngLat>, String),
    now: DateTime<Utc>,
) -> Result<Event, AppError> {
    write_transaction(conn, |conn| {
        let before = editable(conn, id, scope)?;
        check_version(before.version)?;
        let after = Event {
            draft,
            location,
            city_code: city,
            version: before.version + 1,
            updated_at: now,
            id: before.id.clone(),
        };
        let row = EventRow::of(&after, now.naive_utc())?;
        if outreach::replace_event(conn, &row, before.version)? != 1 {
            return Err(AppError::PreconditionFailed {
                current: before.version,
            });
        }
        Ok(after)
    })
}

/// Records the outcome of a held event (409 before it is held).
pub fn record_outcome(
    conn: &mut DbConn,
    id: &str,
    scope: &OutletScope,
    outcome: &Outcome,
    now: DateTime<Utc>,
) -> Result<Event, AppError> {
    outcome
        .validate()
        .map_err(|e| AppError::invalid(e.field, e.reason))?;
    write_transaction(conn, |conn| {
        let event = editable(conn, id, scope)?;
        if event.draft.status != EventStatus::Held {
            return Err(AppError::conflict(
                "活动举办后才能登记成效（先将状态改为已举办）",
                "record outcomes once the event is held (set its status to held first)",
            ));
        }
        outreach::put_outcome(conn, id, outcome, now.naive_utc())?;
        Ok(event)
    })
}

/// Upcoming events (not over, not cancelled) with a venue within `within_m`
/// of `at`, nearest first, with their distance in metres.
pub fn nearest(
    conn: &mut DbConn,
    at: LngLat,
    within_m: f64,
    (now, limit): (DateTime<Utc>, usize),
) -> Result<Vec<(Event, f64)>, AppError> {
    let mut found: Vec<(Event, f64)> = (outreach::upcoming(conn, now.naive_utc(), None)?
        .into_iter())
    .filter(|e| e.draft.status != EventStatus::Cancelled)
    .filter_map(|e| {
        let d = e.location?.distance_m(at);
        (d <= within_m).then_some((e, d))
    })
    .collect();
    found.sort_by(|a, b| a.1.total_cmp(&b.1));
    found.truncate(limit);
    Ok(found)
}
