//! Service targets: registered by the programme office, read by the office
//! and by the commissioners assigned to them.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::access::Actor;
use crate::db::programmes::assignments::{self, AssignmentFilter};
use crate::db::programmes::targets::{self, TargetRow};
use crate::db::{self, write_transaction, DbConn};
use crate::domain::audit::{Change, Who};
use crate::domain::programmes::target::Target;
use crate::error::{AppError, Resource};

/// Registers a target; 409 when its credit code is registered already.
pub fn create(
    conn: &mut DbConn,
    target: &Target,
    (who, now): (&Who, DateTime<Utc>),
) -> Result<(), AppError> {
    write_transaction(conn, |conn| {
        if let Some(other) = targets::by_credit_code(conn, target.credit_code.as_str())? {
            return Err(AppError::conflict(
                format!("该统一社会信用代码已登记为服务对象 {}", other.id),
                format!(
                    "this credit code is registered already as service target {}",
                    other.id
                ),
            ));
        }
        targets::insert(conn, &TargetRow::from(target))?;
        let change = Change::new("target.create", "service_target", &target.id).after(
            serde_json::json!({ "name": target.name, "credit_code": target.credit_code.as_str() }),
        );
        db::audit::record(conn, who, &change, now.naive_utc())?;
        Ok(())
    })
}

/// The ids of the targets a person was ever assigned to.
pub fn assigned_to(conn: &mut DbConn, person_id: &str) -> Result<BTreeSet<String>, AppError> {
    let filter = AssignmentFilter {
        person_id: Some(person_id.into()),
        ..Default::default()
    };
    Ok(assignments::list(conn, &filter)?
        .into_iter()
        .filter_map(|a| a.target_id)
        .collect())
}

/// One target, for the office or a commissioner assigned to it.
pub fn find(conn: &mut DbConn, actor: &Actor, id: &str) -> Result<Target, AppError> {
    let target =
        targets::find(conn, id)?.ok_or_else(|| AppError::not_found(Resource::ServiceTarget, id))?;
    match actor.person_id() {
        Some(p) if !assigned_to(conn, p)?.contains(id) => {
            Err(AppError::not_found(Resource::ServiceTarget, id))
        }
        _ => Ok(target),
    }
}

/// A page of targets: the office sees all, a commissioner those assigned to them.
pub fn list(
    conn: &mut DbConn,
    actor: &Actor,
    (regions, target_type): (Option<&[String]>, Option<&str>),
    (after, limit): (Option<&str>, i64),
) -> Result<Vec<Target>, AppError> {
    let Some(person) = actor.person_id() else {
        return Ok(targets::list(conn, (regions, target_type), after, limit)?);
    };
    let ids: Vec<String> = assigned_to(conn, person)?.into_iter().collect();
    let mut found = targets::by_ids(conn, &ids)?;
    found.retain(|t| {
        regions.is_none_or(|r| r.contains(&t.region_code))
            && target_type.is_none_or(|k| t.target_type.as_str() == k)
            && after.is_none_or(|a| t.id.as_str() > a)
    });
    found.sort_by(|a, b| a.id.cmp(&b.id));
    found.truncate(limit as usize);
    Ok(found)
}
