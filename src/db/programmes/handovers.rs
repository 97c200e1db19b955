//! Rows of hotline tickets handed to a commissioner.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::ticket_handovers as h;
use crate::db::DbConn;

/// A stored handover.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = h)]
pub struct HandoverRow {
    pub id: String,
    pub ticket_id: String,
    pub person_id: String,
    pub target_id: String,
    pub note: String,
    pub handed_at: NaiveDateTime,
    pub handed_by: String,
}

/// Stores a handover.
pub fn insert(conn: &mut DbConn, row: &HandoverRow) -> QueryResult<usize> {
    diesel::insert_into(h::table).values(row).execute(conn)
}

/// A ticket's handovers, oldest first.
pub fn of_ticket(conn: &mut DbConn, ticket_id: &str) -> QueryResult<Vec<HandoverRow>> {
    (h::table.filter(h::ticket_id.eq(ticket_id)))
        .order(h::handed_at.asc())
        .select(HandoverRow::as_select())
        .load(conn)
}

/// A person's handovers between two instants, oldest first.
pub fn of_person(
    conn: &mut DbConn,
    person_id: &str,
    (from, to): (NaiveDateTime, NaiveDateTime),
) -> QueryResult<Vec<HandoverRow>> {
    (h::table.filter(h::person_id.eq(person_id)))
        .filter(h::handed_at.ge(from).and(h::handed_at.lt(to)))
        .order(h::handed_at.asc())
        .select(HandoverRow::as_select())
        .load(conn)
}
