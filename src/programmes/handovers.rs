//! Hotline enquiries from a firm that is a service target: the target's
//! commissioners are shown on the ticket, and the desk can hand it to one.

use chrono::{DateTime, NaiveDate, Utc};

use super::access::Actor;
use crate::db::programmes::assignments::{self, AssignmentFilter};
use crate::db::programmes::handovers::{self, HandoverRow};
use crate::db::programmes::{people, targets};
use crate::db::{self, write_transaction, DbConn};
use crate::domain::programmes::credit_code::CreditCode;
use crate::domain::programmes::person::Person;
use crate::domain::programmes::target::Target;
use crate::domain::ticket::Ticket;
use crate::error::{AppError, Resource};

/// The targets a reporter's organisation names: by credit code when it is
/// one, otherwise by registered name (surrounding spaces ignored).
pub fn targets_named(conn: &mut DbConn, organisation: &str) -> Result<Vec<Target>, AppError> {
    let text = organisation.trim();
    if text.is_empty() {
        return Ok(Vec::new());
    }
    Ok(match CreditCode::parse(text) {
        Ok(code) => targets::by_credit_code(conn, code.as_str())?
            .into_iter()
            .collect(),
        Err(_) => targets::by_name(conn, text)?,
    })
}

/// A ticket's targets with the commissioners assigned to them on `day`.
pub fn ticket_targets(
    conn: &mut DbConn,
    ticket: &Ticket,
    day: NaiveDate,
) -> Result<Vec<(Target, Vec<Person>)>, AppError> {
    let Some(org) = ticket.reporter.organisation.as_deref() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for t in targets_named(conn, org)? {
        let filter = AssignmentFilter {
            target_id: Some(t.id.clone()),
            overlapping: Some((day, day)),
            ..Default::default()
        };
        let ids: Vec<String> = assignments::list(conn, &filter)?
            .into_iter()
            .map(|a| a.person_id)
            .collect();
        out.push((t, people::by_ids(conn, &ids)?));
    }
    Ok(out)
}

/// The handovers of a ticket.
pub fn of_ticket(conn: &mut DbConn, ticket_id: &str) -> Result<Vec<HandoverRow>, AppError> {
    Ok(handovers::of_ticket(conn, ticket_id)?)
}

/// Hands a ticket to one of its targets' commissioners (409 when the person is not one).
pub fn hand_over(
    conn: &mut DbConn,
    actor: &Actor,
    (ticket_id, person_id, note): (&str, &str, &str),
    (day, now): (NaiveDate, DateTime<Utc>),
) -> Result<HandoverRow, AppError> {
    actor.check_office()?;
    write_transaction(conn, |conn| {
        let ticket = db::tickets::find(conn, ticket_id)?
            .ok_or_else(|| AppError::not_found(Resource::Ticket, ticket_id))?;
        let found = ticket_targets(conn, &ticket, day)?;
        let Some((target, _)) = found
            .iter()
            .find(|(_, who)| who.iter().any(|p| p.id == person_id))
        else {
            return Err(AppError::conflict(
                "此人不是该工单反映单位的服务专员",
                "this person is not a commissioner of the ticket's reporting organisation",
            ));
        };
        let row = HandoverRow {
            id: format!("th-{}", uuid::Uuid::now_v7().simple()),
            ticket_id: ticket_id.into(),
            person_id: person_id.into(),
            target_id: target.id.clone(),
            note: note.trim().into(),
            handed_at: now.naive_utc(),
            handed_by: actor.key_id().into(),
        };
        handovers::insert(conn, &row)?;
        Ok(row)
    })
}

/// Handovers to a person between two days (their own, or any for the office).
pub fn of_person(
    conn: &mut DbConn,
    actor: &Actor,
    person_id: &str,
    (from, to): (NaiveDate, NaiveDate),
) -> Result<Vec<HandoverRow>, AppError> {
    actor.check_reads(person_id)?;
    let span = (
        from.and_time(chrono::NaiveTime::MIN),
        to.succ_opt().unwrap_or(to).and_time(chrono::NaiveTime::MIN),
    );
    Ok(handovers::of_person(conn, person_id, span)?)
}
