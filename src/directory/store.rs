//! Directory writes with everything that goes with them, each in its own
//! transaction: the row, the outlet's revision, the change-log entry other
//! replicas and feed readers follow, and the admin audit entry. The API and
//! the spreadsheet import both write through here, so an imported row leaves
//! the same trail as the equivalent API call.

use chrono::NaiveDateTime;

use crate::db::calendar::{DayRow, YearRow};
use crate::db::matters::{HoursRow, MatterRow};
use crate::db::outlets::{OutletRow, RevisionRow};
use crate::db::regions::RegionRow;
use crate::db::{self, DbConn};
use crate::directory::catalogue::MatterRecord;
use crate::domain::audit::{Change, Who};
use crate::domain::hours::OpeningHours;
use crate::domain::knowledge::Entry;
use crate::domain::matter::MatterGuide;
use crate::domain::outlet::Outlet;
use crate::domain::regions::Region;
use crate::error::AppError;

/// An outlet write: the new state, the version it replaces (`None` to
/// create), the revision's action (`create`, `update`, `close`) and its
/// snapshot (the outlet as the API shows it).
#[derive(Debug)]
pub struct OutletWrite<'a> {
    /// The outlet as it will be.
    pub outlet: &'a Outlet,
    /// The version replaced; `None` for a new outlet.
    pub expected: Option<i64>,
    /// `create`, `update` or `close`.
    pub action: &'static str,
    /// The revision's snapshot (JSON).
    pub snapshot: String,
}

/// The audit trail's name for a revision's action.
pub fn outlet_audit_action(action: &str) -> &'static str {
    match action {
        "create" => "outlet.create",
        "close" => "outlet.close",
        _ => "outlet.update",
    }
}

/// Stores an outlet unless someone changed it meanwhile (409).
pub fn store_outlet(
    conn: &mut DbConn,
    write: OutletWrite<'_>,
    (who, change): (&Who, &Change),
) -> Result<(), AppError> {
    let row = OutletRow::from(write.outlet);
    let revision = RevisionRow {
        outlet_id: row.id.clone(),
        version: row.version,
        action: write.action.into(),
        actor_key_id: who.key_id.clone(),
        changed_at: row.updated_at,
        snapshot: write.snapshot,
    };
    db::changes::write_logged(conn, (db::changes::entity::OUTLET, &row.id), |conn| {
        let changed = match write.expected {
            None => db::outlets::insert(conn, &row)?,
            Some(version) => db::outlets::update(conn, &row, version)?,
        };
        if changed == 0 {
            return Err(AppError::changed_meanwhile(
                "网点已被他人修改，请重新获取后再试",
                "the outlet was changed meanwhile; fetch it again and retry",
            ));
        }
        db::outlets::insert_revision(conn, &revision)?;
        Ok(db::audit::record(conn, who, change, row.updated_at)?)
    })
}

/// Stores a matter's guide and channels unless someone replaced it meanwhile
/// (`current`: the version replaced, `None` for a new matter).
pub fn store_matter(
    conn: &mut DbConn,
    (record, current): (&MatterRecord, Option<i64>),
    (who, change): (&Who, &Change),
) -> Result<(), AppError> {
    let now = record.updated_at.naive_utc();
    let row = MatterRow {
        code: record.code.clone(),
        name: record.guide.name.clone(),
        category: record.guide.category.as_str().into(),
        // The channels have their own table.
        document: serde_json::to_string(&MatterGuide {
            outlet_ids: Vec::new(),
            ..record.guide.clone()
        })
        .map_err(anyhow::Error::from)?,
        created_at: now,
        updated_at: now,
        version: record.version,
    };
    let what = format!("matter/{}", row.code);
    db::changes::write_logged(conn, (db::changes::entity::CATALOGUE, &what), |conn| {
        if db::matters::save(conn, &row, current)? == 0 {
            return Err(AppError::changed_meanwhile(
                "事项已被他人修改，请重新获取后再试",
                "the matter was changed meanwhile; fetch it again and retry",
            ));
        }
        db::matters::replace_channels(conn, &row.code, &record.guide.outlet_ids)?;
        Ok(db::audit::record(conn, who, change, now)?)
    })
}

/// Stores an outlet's opening hours.
pub fn store_hours(
    conn: &mut DbConn,
    (outlet_id, hours, now): (&str, &OpeningHours, NaiveDateTime),
    (who, change): (&Who, &Change),
) -> Result<(), AppError> {
    let row = HoursRow {
        outlet_id: outlet_id.to_owned(),
        schedule: serde_json::to_string(hours).map_err(anyhow::Error::from)?,
        updated_at: now,
    };
    let what = format!("hours/{outlet_id}");
    db::changes::write_logged(conn, (db::changes::entity::CATALOGUE, &what), |conn| {
        db::matters::save_hours(conn, &row)?;
        Ok(db::audit::record(conn, who, change, now)?)
    })
}

/// Stores a region's name, category and seat (creating it when `is_new`);
/// its boundary is left as it is.
pub fn store_region(
    conn: &mut DbConn,
    (region, is_new, now): (&Region, bool, NaiveDateTime),
    (who, change): (&Who, &Change),
) -> Result<(), AppError> {
    let row = RegionRow {
        code: region.code.clone(),
        name: region.name.clone(),
        level: region.level.as_str().into(),
        category: region.category.clone(),
        parent_code: region.parent_code.clone(),
        seat_lng: region.seat.map(|s| s.lng()),
        seat_lat: region.seat.map(|s| s.lat()),
        boundary: None,
        boundary_updated_at: None,
    };
    db::changes::write_logged(conn, (db::changes::entity::REGION, &row.code), |conn| {
        match is_new {
            true => db::regions::insert(conn, std::slice::from_ref(&row))?,
            false => db::regions::update_details(conn, &row)?,
        };
        Ok(db::audit::record(conn, who, change, now)?)
    })
}

/// Stores a knowledge entry (`expected`: the version replaced, `None` to create).
pub fn store_entry(
    conn: &mut DbConn,
    (entry, expected): (&Entry, Option<i64>),
    (who, change): (&Who, &Change),
) -> Result<(), AppError> {
    let row = crate::db::knowledge::EntryRow::of(entry)?;
    let what = format!("knowledge/{}", row.id);
    db::changes::write_logged(conn, (db::changes::entity::CATALOGUE, &what), |conn| {
        let changed = match expected {
            None => db::knowledge::insert(conn, &row)?,
            Some(version) => db::knowledge::replace(conn, &row, version)?,
        };
        if changed == 0 {
            return Err(AppError::changed_meanwhile(
                "条目已被他人修改，请重新获取后再试",
                "the entry was changed meanwhile; fetch it again and retry",
            ));
        }
        Ok(db::audit::record(conn, who, change, row.updated_at)?)
    })
}

/// Replaces a calendar year: its row and every listed day.
pub fn store_calendar_year(
    conn: &mut DbConn,
    (year, days): (&YearRow, &[DayRow]),
    (who, change): (&Who, &Change),
) -> Result<(), AppError> {
    let what = format!("calendar/{}", year.year);
    db::changes::write_logged(conn, (db::changes::entity::CATALOGUE, &what), |conn| {
        db::calendar::replace_year(conn, year, days)?;
        Ok(db::audit::record(conn, who, change, year.updated_at)?)
    })
}
