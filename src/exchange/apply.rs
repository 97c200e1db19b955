//! Applying a checked file: every change in one transaction through the
//! directory's store (rows, revisions, change log, audit), parents first;
//! then the in-memory directory takes the committed state.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::Planned;
use crate::db::{write_transaction, DbConn};
use crate::directory::store::{self, outlet_audit_action, OutletWrite};
use crate::directory::Directory;
use crate::domain::audit::{Change, Who};
use crate::domain::outlet::Outlet;
use crate::domain::outlet_record::outlet_record;
use crate::domain::vocab::OutletStatus;
use crate::error::AppError;

/// What an import changed.
#[derive(Debug, Default, Clone, Serialize, ToSchema)]
pub struct Applied {
    /// Records created.
    pub created: usize,
    /// Records changed (closures excluded).
    pub updated: usize,
    /// Outlets closed by a `status=closed` row.
    pub closed: usize,
}

/// Regions by code (parents sort first), outlets parents first.
fn in_order(planned: &[Planned]) -> Vec<&Planned> {
    let mut out: Vec<&Planned> = Vec::with_capacity(planned.len());
    let mut regions: Vec<&Planned> = planned
        .iter()
        .filter(|p| matches!(p, Planned::Region { .. }))
        .collect();
    regions.sort_by_key(|p| match p {
        Planned::Region { region, .. } => region.code.clone(),
        _ => unreachable!("filtered"),
    });
    out.extend(regions);
    let mut outlets: Vec<&Planned> = planned
        .iter()
        .filter(|p| matches!(p, Planned::Outlet { .. }))
        .collect();
    while !outlets.is_empty() {
        let pending: std::collections::HashSet<&str> = (outlets.iter())
            .filter_map(|p| match p {
                Planned::Outlet { outlet, .. } => Some(outlet.id.as_str()),
                _ => None,
            })
            .collect();
        let (ready, later): (Vec<&Planned>, Vec<&Planned>) =
            outlets.iter().partition(|p| match p {
                Planned::Outlet { outlet, .. } => outlet
                    .parent_id
                    .as_deref()
                    .is_none_or(|id| !pending.contains(id) || id == outlet.id),
                _ => true,
            });
        if ready.is_empty() {
            // A cycle; the outlet checks refuse those, so this is not reached.
            out.extend(later);
            break;
        }
        out.extend(ready);
        outlets = later;
    }
    out.extend(
        planned
            .iter()
            .filter(|p| matches!(p, Planned::Matter { .. } | Planned::Hours { .. })),
    );
    out
}

fn outlet_action(outlet: &Outlet, before: Option<&Outlet>) -> &'static str {
    match before {
        None => "create",
        Some(b) if outlet.status == OutletStatus::Closed && b.status != OutletStatus::Closed => {
            "close"
        }
        Some(_) => "update",
    }
}

/// Stores every planned change, all or none.
pub fn apply(
    conn: &mut DbConn,
    planned: &[Planned],
    (who, now): (&Who, DateTime<Utc>),
    mut progress: impl FnMut(usize),
) -> Result<Applied, AppError> {
    write_transaction(conn, |conn| {
        let mut applied = Applied::default();
        for (n, p) in in_order(planned).into_iter().enumerate() {
            let created = apply_one(conn, p, (who, now))?;
            match (created, p) {
                (true, _) => applied.created += 1,
                (false, Planned::Outlet { outlet, before })
                    if outlet_action(outlet, before.as_deref()) == "close" =>
                {
                    applied.closed += 1
                }
                _ => applied.updated += 1,
            }
            progress(n + 1);
        }
        Ok(applied)
    })
}

/// Stores one change; true when it created a record.
fn apply_one(
    conn: &mut DbConn,
    planned: &Planned,
    (who, now): (&Who, DateTime<Utc>),
) -> Result<bool, AppError> {
    let at = now.naive_utc();
    match planned {
        Planned::Region { region, is_new } => {
            let change = Change::new("region.import", "region", &region.code)
                .after(serde_json::json!({ "name": region.name, "level": region.level, "parent_code": region.parent_code }));
            store::store_region(conn, (region, *is_new, at), (who, &change))?;
            Ok(*is_new)
        }
        Planned::Outlet { outlet, before } => {
            let action = outlet_action(outlet, before.as_deref());
            let record = outlet_record(outlet);
            let snapshot = record.to_string();
            let mut change =
                Change::new(outlet_audit_action(action), "outlet", &outlet.id).after(record);
            if let Some(b) = before {
                change = change.before(outlet_record(b));
            }
            let write = OutletWrite {
                outlet,
                expected: before.as_ref().map(|b| b.version),
                action,
                snapshot,
            };
            store::store_outlet(conn, write, (who, &change))?;
            Ok(before.is_none())
        }
        Planned::Matter { record, before } => {
            let mut change =
                Change::new("matter.replace", "matter", &record.code).after(&record.guide);
            if let Some(b) = before {
                change = change.before(&b.guide);
            }
            store::store_matter(
                conn,
                (record, before.as_ref().map(|b| b.version)),
                (who, &change),
            )?;
            Ok(before.is_none())
        }
        Planned::Hours {
            outlet_id,
            hours,
            before,
        } => {
            let change = Change::new("hours.replace", "hours", outlet_id)
                .before(before)
                .after(hours);
            store::store_hours(conn, (outlet_id, hours, at), (who, &change))?;
            Ok(before.is_none())
        }
    }
}

/// Puts the committed changes into the in-memory directory.
pub fn refresh(dir: &mut Directory, planned: Vec<Planned>) -> anyhow::Result<()> {
    let mut regions = Vec::new();
    for p in planned {
        match p {
            Planned::Region { region, .. } => regions.push(region),
            Planned::Outlet { outlet, .. } => dir.put_outlet(&outlet)?,
            Planned::Matter { record, .. } => dir.put_matter(*record),
            Planned::Hours {
                outlet_id, hours, ..
            } => {
                dir.catalogue.hours.insert(outlet_id, *hours);
            }
        }
    }
    if !regions.is_empty() {
        dir.put_regions(regions)?;
    }
    Ok(())
}
