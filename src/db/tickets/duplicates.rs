//! Open tickets that may be the same case as another: near it in the same
//! category, or from the same phone. Only what the suggestion shows and
//! checks is read, not the whole ticket.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::corrupt;
use crate::db::schema::tickets;
use crate::db::{stored_point, DbConn};
use crate::domain::point::LngLat;
use crate::domain::ticket::{TicketCategory, TicketState};

/// A ticket that may be a duplicate.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Its id.
    pub id: String,
    /// Its tracking number, which the suggestion shows.
    pub tracking_number: String,
    /// Where it is, for the exact distance.
    pub location: Option<LngLat>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = tickets)]
struct CandidateRow {
    id: String,
    tracking_number: String,
    lng: Option<f64>,
    lat: Option<f64>,
}

fn candidates(rows: Vec<CandidateRow>) -> QueryResult<Vec<Candidate>> {
    rows.into_iter()
        .map(|r| {
            let location = stored_point(r.lng, r.lat)
                .map_err(|e| corrupt(e.context(format!("ticket {} location", r.id))))?;
            Ok(Candidate {
                id: r.id,
                tracking_number: r.tracking_number,
                location,
            })
        })
        .collect()
}

/// Open tickets received since `since` of `category` inside the box
/// `[west, south, east, north]` (uses the index `tickets_duplicates_near`,
/// which holds every column it checks).
pub fn open_near(
    conn: &mut DbConn,
    since: NaiveDateTime,
    category: TicketCategory,
    [west, south, east, north]: [f64; 4],
) -> QueryResult<Vec<Candidate>> {
    candidates(
        tickets::table
            .filter(tickets::state.ne(TicketState::Closed.as_str()))
            .filter(tickets::received_at.ge(since))
            .filter(tickets::category.eq(category.as_str()))
            .filter(tickets::lat.between(south, north))
            .filter(tickets::lng.between(west, east))
            .select(CandidateRow::as_select())
            .limit(200)
            .load(conn)?,
    )
}

/// Open tickets received since `since` from this phone (uses its index).
pub fn open_from_phone(
    conn: &mut DbConn,
    since: NaiveDateTime,
    phone: &str,
) -> QueryResult<Vec<Candidate>> {
    candidates(
        tickets::table
            .filter(tickets::reporter_phone.eq(phone))
            .filter(tickets::state.ne(TicketState::Closed.as_str()))
            .filter(tickets::received_at.ge(since))
            .select(CandidateRow::as_select())
            .limit(200)
            .load(conn)?,
    )
}
