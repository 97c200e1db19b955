//! A page of a ticket queue: the filters, the text search and the order.

use chrono::NaiveDateTime;
use diesel::dsl::{sql, AsSelect, IntoBoxed, Select};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};

use super::convert::tickets_of;
use super::{Backend, TicketRow};
use crate::db::schema::{ticket_deadlines, tickets};
use crate::db::DbConn;
use crate::domain::ticket::{Ticket, TicketCategory, TicketKind, TicketState};

/// Filters of a ticket queue; all given ones must hold.
#[derive(Debug, Default)]
pub struct QueueFilter {
    pub states: Vec<TicketState>,
    pub kind: Option<TicketKind>,
    pub category: Option<TicketCategory>,
    /// Tickets assigned or escalated to any of these outlets.
    pub outlets: Option<Vec<String>>,
    pub received_from: Option<NaiveDateTime>,
    pub received_to: Option<NaiveDateTime>,
    pub text: Option<String>,
    /// `text` also matches the reporter's name and phone (operators only).
    pub text_in_reporter: bool,
    pub after_id: Option<String>,
    /// Only tickets whose stored deadline turned overdue by this instant.
    pub overdue_by: Option<NaiveDateTime>,
    /// Only tickets whose stored deadline is due soon, not overdue, at this instant.
    pub due_soon_by: Option<NaiveDateTime>,
    pub limit: i64,
}

diesel::define_sql_function! {
    /// SQL `lower`: ASCII letters on SQLite, every cased letter on PostgreSQL.
    fn lower(text: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// How many ids a text search walks in id order, round by round, before it
/// scans the rest of the table (see [`queue`]). Finding the end of a round
/// reads the id index alone: 20,000 ids took 5.5 ms on PostgreSQL (49.5 ms
/// before `VACUUM` had marked the table's pages visible to all).
const TEXT_WALK_ROUNDS: [i64; 2] = [1_000, 19_000];

/// The most ids of one more round, for a search whose matches so far say it
/// would fill its page there (`last_round`). Walking them costs about as
/// much as scanning 1,000,000 tickets.
const TEXT_WALK_LAST_ROUND: i64 = 100_000;

/// A page of tickets ordered by id (creation order).
///
/// A text search walks the next ids in order first (1,000, then 19,000,
/// then perhaps a `last_round`): a common word fills the page there. Only
/// when it does not is the rest of the table searched, by a scan whose
/// matches are sorted (`search_after`): walking every id in order looks up
/// each ticket's row by itself, 2–3 s on either backend for a search that
/// matches none of 1,000,000 tickets, against about 0.5 s for the scan.
pub fn queue(conn: &mut DbConn, f: &QueueFilter) -> QueryResult<Vec<Ticket>> {
    queue_walking_first(conn, f, &TEXT_WALK_ROUNDS)
}

/// [`queue`], with a text search walking `rounds` of ids (each at least 1)
/// in order before it scans the rest. Any rounds give the same page.
pub fn queue_walking_first(
    conn: &mut DbConn,
    f: &QueueFilter,
    rounds: &[i64],
) -> QueryResult<Vec<Ticket>> {
    if f.text.is_none() {
        return walk(conn, f, (f.after_id.as_deref(), None), f.limit);
    }
    let mut search = Walked {
        page: Vec::new(),
        after: f.after_id.clone(),
        ids: 0,
    };
    for &ids in rounds {
        if search.round(conn, f, ids)? {
            return Ok(search.page);
        }
    }
    if let Some(ids) = last_round(search.ids, search.page.len() as i64, f.limit) {
        if search.round(conn, f, ids)? {
            return Ok(search.page);
        }
    }
    let wanted = f.limit - search.page.len() as i64;
    let rest = search_after(conn, f, search.after.as_deref(), wanted)?;
    search.page.extend(rest);
    Ok(search.page)
}

/// How many ids one more round should walk, for a search that found
/// `found` of `wanted` tickets in `walked` ids: twice what its rate needs
/// to fill the page, if that is at most [`TEXT_WALK_LAST_ROUND`]. None for
/// a search that found nothing: a scan costs less than walking on.
fn last_round(walked: i64, found: i64, wanted: i64) -> Option<i64> {
    if found <= 0 {
        return None;
    }
    let needed = (wanted - found).saturating_mul(walked) / found;
    let ids = needed.saturating_mul(2).max(1);
    (ids <= TEXT_WALK_LAST_ROUND).then_some(ids)
}

/// A text search's walk so far: the tickets found, the last id walked and
/// how many ids that was.
struct Walked {
    page: Vec<Ticket>,
    after: Option<String>,
    ids: i64,
}

impl Walked {
    /// Walks the next `ids` ids; whether the page is done (full, or the
    /// table walked to its end).
    fn round(&mut self, conn: &mut DbConn, f: &QueueFilter, ids: i64) -> QueryResult<bool> {
        let wanted = f.limit - self.page.len() as i64;
        let through = nth_id_after(conn, self.after.as_deref(), ids)?;
        let found = walk(conn, f, (self.after.as_deref(), through.as_deref()), wanted)?;
        self.page.extend(found);
        self.ids = self.ids.saturating_add(ids);
        let done = through.is_none() || self.page.len() as i64 >= f.limit;
        self.after = through;
        Ok(done)
    }
}

/// The `n`th id after `after` (counting from the first id when there is
/// none), if there are that many.
fn nth_id_after(conn: &mut DbConn, after: Option<&str>, n: i64) -> QueryResult<Option<String>> {
    let mut q = tickets::table.select(tickets::id).into_boxed::<Backend>();
    if let Some(after) = after {
        q = q.filter(tickets::id.gt(after.to_owned()));
    }
    q.order(tickets::id.asc())
        .offset(n - 1)
        .limit(1)
        .get_result(conn)
        .optional()
}

/// The first `limit` of `f`'s tickets with ids after `after` and up to
/// `through` (where given), walked in id order.
fn walk(
    conn: &mut DbConn,
    f: &QueueFilter,
    (after, through): (Option<&str>, Option<&str>),
    limit: i64,
) -> QueryResult<Vec<Ticket>> {
    let mut q = filtered(f, is_sqlite(conn));
    if let Some(after) = after {
        q = q.filter(tickets::id.gt(after.to_owned()));
    }
    if let Some(through) = through {
        q = q.filter(tickets::id.le(through.to_owned()));
    }
    let q = q.order(tickets::id.asc());
    // SQLite re-prepares a statement whose LIMIT is a bound parameter each
    // time it is bound (6 % of a queue page, by `perf`); it yields rows as
    // the walk finds them, so taking the first ones is the same walk. A
    // PostgreSQL result arrives whole, so there the server limits it.
    if is_sqlite(conn) {
        let rows = q.load_iter::<TicketRow, diesel::connection::DefaultLoadingMode>(conn)?;
        return tickets_of(rows.take(limit as usize).collect::<QueryResult<_>>()?);
    }
    tickets_of(q.limit(limit).load(conn)?)
}

/// The first `limit` of `f`'s tickets after `after`, in id order, found by
/// scanning the table and sorting its matches. `id || ''` orders as the id
/// does (same text, same collation) but has no index, which keeps both
/// planners off walking the id index: each trusts a search to match often
/// and expects to stop early, but a rare one looks up every ticket's row by
/// itself (3.6 s at 1,000,000 tickets on PostgreSQL, against 0.46 s for a
/// parallel scan).
fn search_after(
    conn: &mut DbConn,
    f: &QueueFilter,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<Ticket>> {
    let unindexed_id = || sql::<Text>("(tickets.id || '')");
    let mut q = filtered(f, is_sqlite(conn));
    if let Some(after) = after {
        q = q.filter(unindexed_id().gt(after.to_owned()));
    }
    tickets_of(q.order(unindexed_id()).limit(limit).load(conn)?)
}

/// The tickets table with every filter of `f` but the ids and the order.
fn filtered(f: &QueueFilter, sqlite: bool) -> BoxedTickets<'_> {
    let mut q = tickets::table
        .select(TicketRow::as_select())
        .into_boxed::<Backend>();
    if !f.states.is_empty() {
        q = q.filter(tickets::state.eq_any(f.states.iter().map(|s| s.as_str())));
    }
    if let Some(kind) = &f.kind {
        q = q.filter(tickets::kind.eq(kind.as_str()));
    }
    if let Some(category) = &f.category {
        q = q.filter(tickets::category.eq(category.as_str()));
    }
    if let Some(outlets) = &f.outlets {
        q = q.filter(
            tickets::outlet_id
                .eq_any(outlets.clone())
                .or(tickets::escalated_to.eq_any(outlets.clone())),
        );
    }
    if let Some(from) = f.received_from {
        q = q.filter(tickets::received_at.ge(from));
    }
    if let Some(to) = f.received_to {
        q = q.filter(tickets::received_at.lt(to));
    }
    if let Some(text) = &f.text {
        q = q.filter(text_matches(text, f.text_in_reporter, sqlite));
    }
    if let Some(clock) = deadline_filter(f) {
        q = q.filter(clock);
    }
    q
}

fn is_sqlite(conn: &DbConn) -> bool {
    matches!(conn, DbConn::Sqlite(_))
}

/// A query for stored tickets, built at run time.
type BoxedTickets<'a> =
    IntoBoxed<'a, Select<tickets::table, AsSelect<TicketRow, Backend>>, Backend>;

/// A condition on the tickets table, built at run time.
type Condition = Box<dyn BoxableExpression<tickets::table, Backend, SqlType = Bool>>;

/// `text` anywhere in the subject, description or tracking number, and with
/// `in_reporter` also in the reporter's name or phone, in any case (of ASCII
/// letters on SQLite, of every cased letter on PostgreSQL).
fn text_matches(text: &str, in_reporter: bool, sqlite: bool) -> Condition {
    let pattern = format!(
        "%{}%",
        text.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    // SQLite's LIKE ignores the case of ASCII letters, all its `lower`
    // folds, so lowering there only doubled the work of a scan; PostgreSQL's
    // minds case, so there both sides are lowered by the database itself.
    macro_rules! like {
        ($column:expr) => {
            match sqlite {
                true => Box::new($column.like(pattern.clone()).escape('\\')) as Condition,
                false => Box::new(lower($column).like(lower(pattern.clone())).escape('\\')),
            }
        };
    }
    let in_ticket = like!(tickets::subject)
        .or(like!(tickets::description))
        .or(tickets::tracking_number.like(pattern.clone()).escape('\\'));
    if !in_reporter {
        return Box::new(in_ticket);
    }
    let phone = tickets::reporter_phone.assume_not_null();
    Box::new(
        in_ticket
            .or(like!(tickets::reporter_name.assume_not_null()))
            .or(phone.like(pattern.clone()).escape('\\')),
    )
}

/// The stored-deadline conditions of `f` (overdue, due soon), if any.
// EXISTS, not IN: the page walks tickets in id order and looks each up,
// instead of collecting every overdue ticket first.
fn deadline_filter(f: &QueueFilter) -> Option<Condition> {
    let overdue = f.overdue_by.map(|t| -> Condition {
        Box::new(diesel::dsl::exists(
            ticket_deadlines::table
                .filter(ticket_deadlines::ticket_id.eq(tickets::id))
                .filter(ticket_deadlines::overdue_at.le(t)),
        ))
    });
    let due_soon = f.due_soon_by.map(|t| -> Condition {
        Box::new(diesel::dsl::exists(
            ticket_deadlines::table
                .filter(ticket_deadlines::ticket_id.eq(tickets::id))
                .filter(ticket_deadlines::due_soon_at.le(t))
                .filter(ticket_deadlines::overdue_at.gt(t)),
        ))
    });
    match (overdue, due_soon) {
        (Some(a), Some(b)) => Some(Box::new(a.and(b))),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_last_round_walks_twice_what_the_rate_so_far_needs_or_none() {
        // 22 of 51 in 20,000 ids: 29 more need about 26,364 ids.
        assert_eq!(last_round(20_000, 22, 51), Some(52_726));
        // 2 of 51: 490,000 ids more, dearer than a scan.
        assert_eq!(last_round(20_000, 2, 51), None);
        assert_eq!(last_round(20_000, 0, 51), None);
        assert_eq!(last_round(1, 1, 9), Some(16));
        assert_eq!(last_round(i64::MAX, 1, 51), None);
    }
}
