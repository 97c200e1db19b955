//! Writes to the register (admins, operators), recorded in the audit trail.

use chrono::{DateTime, Utc};

use crate::db::agencies::{self, AgencyRow};
use crate::db::{self, write_transaction, DbConn};
use crate::domain::agencies::credit::CreditRecord;
use crate::domain::agencies::Agency;
use crate::domain::audit::{Change, Who};
use crate::error::{AppError, Resource};

/// Registers an agency; 409 when its credit code is registered.
pub fn create(
    conn: &mut DbConn,
    agency: &Agency,
    (who, now): (&Who, DateTime<Utc>),
) -> Result<(), AppError> {
    let row = AgencyRow::of(agency, now.naive_utc())?;
    write_transaction(conn, |conn| {
        refuse_registered_code(conn, &row.credit_code, &agency.id)?;
        agencies::insert(conn, &row)?;
        let change = Change::new("agency.create", "agency", &agency.id).after(&agency.draft.name);
        db::audit::record(conn, who, &change, now.naive_utc())?;
        Ok(())
    })
}

/// 409 when another agency than `id` holds `credit_code`.
fn refuse_registered_code(conn: &mut DbConn, credit_code: &str, id: &str) -> Result<(), AppError> {
    match agencies::by_credit_code(conn, credit_code)? {
        Some(other) if other.id != id => Err(AppError::conflict(
            format!("该统一社会信用代码已登记为机构 {}", other.id),
            format!(
                "this credit code is registered already as agency {}",
                other.id
            ),
        )),
        _ => Ok(()),
    }
}

/// Replaces an agency whose version `check_version` accepts; 409 when its
/// new credit code is another agency's.
pub fn replace(
    conn: &mut DbConn,
    (after, check_version): (Agency, &dyn Fn(i64) -> Result<(), AppError>),
    (who, now): (&Who, DateTime<Utc>),
) -> Result<Agency, AppError> {
    write_transaction(conn, |conn| {
        let before = agencies::find(conn, &after.id)?
            .ok_or_else(|| AppError::not_found(Resource::Agency, &after.id))?;
        check_version(before.version)?;
        refuse_registered_code(conn, after.draft.credit_code.trim(), &after.id)?;
        let after = Agency {
            version: before.version + 1,
            updated_at: now,
            ..after
        };
        if agencies::replace(
            conn,
            &AgencyRow::of(&after, now.naive_utc())?,
            before.version,
        )? != 1
        {
            return Err(AppError::PreconditionFailed {
                current: before.version,
            });
        }
        let change = Change::new("agency.update", "agency", &after.id)
            .before(&before.draft)
            .after(&after.draft);
        db::audit::record(conn, who, &change, now.naive_utc())?;
        Ok(after)
    })
}

/// Adds a credit record (`record_id` `None`) or replaces one of the agency's.
pub fn put_record(
    conn: &mut DbConn,
    (agency_id, record_id): (&str, Option<&str>),
    record: &CreditRecord,
    (who, now): (&Who, DateTime<Utc>),
) -> Result<String, AppError> {
    write_transaction(conn, |conn| {
        agencies::find(conn, agency_id)?
            .ok_or_else(|| AppError::not_found(Resource::Agency, agency_id))?;
        let id = match record_id {
            None => {
                let id = format!("cr-{}", uuid::Uuid::now_v7().simple());
                agencies::insert_record(conn, (&id, agency_id), record, now.naive_utc())?;
                id
            }
            Some(id)
                if agencies::replace_record(conn, (id, agency_id), record, now.naive_utc())?
                    == 1 =>
            {
                id.to_owned()
            }
            Some(id) => return Err(AppError::not_found(Resource::CreditRecord, id)),
        };
        let change = Change::new("agency.credit", "agency", agency_id).after(record);
        db::audit::record(conn, who, &change, now.naive_utc())?;
        Ok(id)
    })
}

/// The agency a complaint names, by id or credit code (422 when none).
pub fn named(conn: &mut DbConn, id_or_code: &str) -> Result<Agency, AppError> {
    let text = id_or_code.trim();
    let found = match agencies::find(conn, text)? {
        Some(a) => Some(a),
        None => agencies::by_credit_code(conn, text)?,
    };
    found.ok_or_else(|| {
        AppError::rejected(
            "agency",
            "登记册中没有该机构（按编号或统一社会信用代码）",
            "no such agency in the register (by id or credit code)",
        )
    })
}
