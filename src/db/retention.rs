//! Erasing reporters' personal data from tickets closed long ago (保存期限):
//! the anonymous record (kind, category, region, outlet, dates, clocks,
//! satisfaction, the history's steps) stays for statistics.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{ticket_events, tickets};
use super::DbConn;
use crate::domain::ticket::TicketState;

/// What replaces erased free text.
pub const ERASED: &str = "（已按保存期限删除 / erased after the retention period）";

/// Tickets erased per transaction, so the writer is never held for long.
const BATCH: i64 = 500;

/// Erases the personal data of up to one batch of tickets closed before
/// `cutoff` and not yet erased; the number erased (0 when none are left).
pub fn erase_batch(
    conn: &mut DbConn,
    cutoff: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let ids: Vec<String> = tickets::table
        .filter(tickets::state.eq(TicketState::Closed.as_str()))
        .filter(tickets::updated_at.lt(cutoff))
        .filter(tickets::erased_at.is_null())
        .select(tickets::id)
        .limit(BATCH)
        .load(conn)?;
    if ids.is_empty() {
        return Ok(0);
    }
    diesel::update(tickets::table.filter(tickets::id.eq_any(&ids)))
        .set((
            tickets::reporter_name.eq(None::<String>),
            tickets::reporter_phone.eq(None::<String>),
            tickets::reporter_email.eq(None::<String>),
            tickets::reporter_org.eq(None::<String>),
            tickets::subject.eq(ERASED),
            tickets::description.eq(ERASED),
            tickets::reply.eq(None::<String>),
            tickets::lng.eq(None::<f64>),
            tickets::lat.eq(None::<f64>),
            tickets::attachments.eq("[]"),
            tickets::erased_at.eq(Some(now)),
        ))
        .execute(conn)?;
    diesel::update(ticket_events::table.filter(ticket_events::ticket_id.eq_any(&ids)))
        .set((
            ticket_events::note.eq(None::<String>),
            ticket_events::public_note.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(ids.len())
}
