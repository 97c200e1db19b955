//! Visits: logged by commissioners and envoys for their own assignments (or
//! by the office on their behalf), with follow-ups closed later.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::access::Actor;
use crate::db::programmes::assignments::{self, AssignmentFilter};
use crate::db::programmes::people;
use crate::db::programmes::visits::{self, FollowUpRow, VisitFilter, VisitRow};
use crate::db::{write_transaction, DbConn};
use crate::domain::programmes::visit::{FollowUp, Visit, VisitDraft};
use crate::domain::programmes::vocab::PersonRole;
use crate::error::{AppError, Resource};

/// Whose visit it is: the person's own key, or the office naming the person.
fn visitor(actor: &Actor, named: Option<&str>) -> Result<String, AppError> {
    match (actor.person_id(), named) {
        (Some(me), None) => Ok(me.into()),
        (Some(me), Some(p)) if p == me => Ok(me.into()),
        (Some(_), Some(_)) => Err(AppError::denied(
            "只能登记本人的走访",
            "a commissioner or envoy logs only their own visits",
        )),
        (None, Some(p)) => Ok(p.into()),
        (None, None) => Err(AppError::invalid(
            "person_id",
            crate::i18n::Text::new("须指定走访人员", "required when the office logs a visit"),
        )),
    }
}

/// Checks the person's role against what was visited and that an assignment
/// covers it on the day: 403 for a person's own key, 409 for the office.
fn check_assignment(
    conn: &mut DbConn,
    actor: &Actor,
    person_id: &str,
    d: &VisitDraft,
) -> Result<(), AppError> {
    let p = people::find(conn, person_id)?.ok_or_else(|| {
        AppError::rejected(
            "person_id",
            "人才库中没有此人",
            "no such person in the pool",
        )
    })?;
    match p.draft.role {
        PersonRole::Commissioner if d.target_id.is_none() => {
            return Err(AppError::rejected(
                "target_id",
                "服务专员走访须指定服务对象",
                "a commissioner's visit names a target_id",
            ));
        }
        PersonRole::Envoy if d.region_code.is_none() => {
            return Err(AppError::rejected(
                "region_code",
                "特派员走访须指定服务区域",
                "an envoy's visit names a region_code",
            ));
        }
        _ => {}
    }
    let filter = AssignmentFilter {
        person_id: Some(person_id.into()),
        target_id: d.target_id.clone(),
        region_code: d.region_code.clone(),
        overlapping: Some((d.visited_on, d.visited_on)),
        ..Default::default()
    };
    if !assignments::list(conn, &filter)?.is_empty() {
        return Ok(());
    }
    Err(match actor {
        Actor::Person { .. } => AppError::denied(
            "该服务对象或区域不在您当日的服务关系内",
            "this target or region is not among your assignments on that day",
        ),
        Actor::Office { .. } => AppError::conflict(
            "此人当日没有对该服务对象或区域的服务关系",
            "the person has no assignment to this target or region on that day",
        ),
    })
}

/// Logs a visit with its follow-ups.
pub fn log(
    conn: &mut DbConn,
    actor: &Actor,
    draft: VisitDraft,
    (today, now): (NaiveDate, DateTime<Utc>),
) -> Result<(Visit, Vec<FollowUp>), AppError> {
    draft
        .validate(today)
        .map_err(|e| AppError::invalid(e.field, e.reason))?;
    let person_id = visitor(actor, draft.person_id.as_deref())?;
    write_transaction(conn, |conn| {
        check_assignment(conn, actor, &person_id, &draft)?;
        let visit = Visit {
            id: format!("pv-{}", uuid::Uuid::now_v7().simple()),
            person_id: person_id.clone(),
            target_id: draft.target_id.clone(),
            region_code: draft.region_code.clone(),
            mode: draft.mode,
            visited_on: draft.visited_on,
            duration_minutes: draft.duration_minutes,
            tasks: draft.tasks.clone(),
            notes: draft.notes.trim().to_owned(),
            attachments: draft.attachments.clone(),
            created_at: now,
            created_by: actor.key_id().into(),
        };
        let follow_ups: Vec<FollowUp> = (draft.follow_ups.iter())
            .map(|f| FollowUp {
                id: format!("fu-{}", uuid::Uuid::now_v7().simple()),
                visit_id: visit.id.clone(),
                person_id: person_id.clone(),
                description: f.description.trim().to_owned(),
                due_on: f.due_on,
                done_on: None,
            })
            .collect();
        let rows: Vec<FollowUpRow> = follow_ups.iter().map(FollowUpRow::from).collect();
        visits::insert(conn, &VisitRow::of(&visit)?, &rows)?;
        Ok((visit, follow_ups))
    })
}

/// Visits the actor may read: a person's own, or any for the office.
pub fn list(
    conn: &mut DbConn,
    actor: &Actor,
    mut filter: VisitFilter,
    limit: i64,
) -> Result<Vec<(Visit, Vec<FollowUp>)>, AppError> {
    if let Some(me) = actor.person_id() {
        if let Some(other) = filter.person_id.as_deref() {
            actor.check_reads(other)?;
        }
        filter.person_id = Some(me.into());
    }
    let found = visits::list(conn, &filter, limit)?;
    let ids: Vec<String> = found.iter().map(|v| v.id.clone()).collect();
    let mut by_visit: BTreeMap<String, Vec<FollowUp>> = BTreeMap::new();
    for f in visits::follow_ups_of(conn, &ids)? {
        by_visit.entry(f.visit_id.clone()).or_default().push(f);
    }
    Ok(found
        .into_iter()
        .map(|v| {
            let mine = by_visit.remove(&v.id).unwrap_or_default();
            (v, mine)
        })
        .collect())
}

/// Marks a follow-up done (its person or the office).
pub fn close_follow_up(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    on: NaiveDate,
) -> Result<FollowUp, AppError> {
    write_transaction(conn, |conn| {
        let f = visits::follow_up(conn, id)?
            .filter(|f| actor.may_read(&f.person_id))
            .ok_or_else(|| AppError::not_found(Resource::FollowUp, id))?;
        if f.done_on.is_some() {
            return Err(AppError::conflict(
                "该后续事项已办结",
                "this follow-up is done already",
            ));
        }
        visits::close_follow_up(conn, id, on)?;
        Ok(FollowUp {
            done_on: Some(on),
            ..f
        })
    })
}
