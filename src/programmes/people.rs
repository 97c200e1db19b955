//! The pool of people: submitted, reviewed and changed by the programme
//! office; read by the office and by each person for themselves.

use chrono::{DateTime, Utc};

use super::access::Actor;
use crate::db::access_log::Disclosure;
use crate::db::programmes::people::{self, PersonRow};
use crate::db::{self, write_transaction, DbConn};
use crate::directory::Directory;
use crate::domain::audit::{Change, Who};
use crate::domain::privacy::{mask_email, mask_phone};
use crate::domain::programmes::person::{Person, PersonDraft};
use crate::error::{AppError, Resource};

/// Checks a draft, the region that submitted it and the outlet included.
pub fn check(dir: &Directory, draft: &PersonDraft) -> Result<(), AppError> {
    draft
        .validate()
        .map_err(|e| AppError::invalid(e.field, e.reason))?;
    dir.check_region("submitted_by_region", Some(&draft.submitted_by_region))?;
    dir.check_outlet("outlet_id", draft.outlet_id.as_deref())
}

/// Adds a person to the pool (recorded in the audit trail).
pub fn create(
    conn: &mut DbConn,
    draft: PersonDraft,
    (who, now): (&Who, DateTime<Utc>),
) -> Result<Person, AppError> {
    let person = Person {
        id: format!("pp-{}", uuid::Uuid::now_v7().simple()),
        draft,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    write_transaction(conn, |conn| {
        people::insert(conn, &PersonRow::from(&person))?;
        let change = Change::new("person.create", "person", &person.id).after(summary(&person));
        db::audit::record(conn, who, &change, now.naive_utc())?;
        Ok::<_, AppError>(())
    })?;
    Ok(person)
}

/// Replaces a person's record if `check_version` accepts its version (the
/// caller's `If-Match`).
pub fn replace(
    conn: &mut DbConn,
    (id, check_version): (&str, &dyn Fn(i64) -> Result<(), AppError>),
    draft: PersonDraft,
    (who, now): (&Who, DateTime<Utc>),
) -> Result<Person, AppError> {
    write_transaction(conn, |conn| {
        let before =
            people::find(conn, id)?.ok_or_else(|| AppError::not_found(Resource::Person, id))?;
        if before.draft.role != draft.role {
            return Err(AppError::rejected(
                "role",
                "不能更改人员的角色",
                "a person's role cannot change",
            ));
        }
        check_version(before.version)?;
        let expected = before.version;
        let after = Person {
            draft,
            updated_at: now,
            version: before.version + 1,
            ..before.clone()
        };
        if people::replace(conn, &PersonRow::from(&after), expected)? != 1 {
            return Err(AppError::PreconditionFailed {
                current: before.version,
            });
        }
        let change = Change::new("person.update", "person", id)
            .before(summary(&before))
            .after(summary(&after));
        db::audit::record(conn, who, &change, now.naive_utc())?;
        Ok(after)
    })
}

/// One person, if the actor may read them.
pub fn find(conn: &mut DbConn, actor: &Actor, id: &str) -> Result<Person, AppError> {
    actor.check_reads(id)?;
    people::find(conn, id)?.ok_or_else(|| AppError::not_found(Resource::Person, id))
}

/// What the audit trail keeps of a person: no contacts.
fn summary(p: &Person) -> serde_json::Value {
    let d = &p.draft;
    serde_json::json!({
        "role": d.role, "employer": d.employer, "pool_status": d.pool_status,
        "review_status": d.review_status, "training_status": d.training_status,
        "submitted_by_region": d.submitted_by_region,
    })
}

/// Masks contacts the actor may not see and returns what to log of those
/// shown in full to the office (a person's own are not logged).
pub fn disclose(actor: &Actor, shown: &mut [Person], now: DateTime<Utc>) -> Disclosure {
    let mut log = Disclosure::new(
        now.naive_utc(),
        (actor.key_id(), "operator"),
        "person",
        "person",
    );
    for p in shown {
        let own = actor.person_id() == Some(p.id.as_str());
        let full = own
            || matches!(
                actor,
                Actor::Office {
                    sees_contacts: true,
                    ..
                }
            );
        let has_contacts = p.draft.phone.is_some() || p.draft.email.is_some();
        if !full {
            p.draft.phone = p.draft.phone.as_deref().map(mask_phone);
            p.draft.email = p.draft.email.as_deref().map(mask_email);
        } else if !own && has_contacts {
            log.record_ids.push(p.id.clone());
        }
    }
    log
}
