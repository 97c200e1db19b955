//! What the evaluation reads from the database for a period.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::db::evaluation::{self, Period};
use crate::db::stats::{self, OutletSums};
use crate::db::DbConn;
use crate::domain::evaluation::incidents::{attribute, Incidents};
use crate::error::AppError;

/// The stored figures of every outlet for a period.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Ticket counters by outlet.
    pub tickets: BTreeMap<String, OutletSums>,
    /// Visits by the people working from each outlet.
    pub visits: BTreeMap<String, u64>,
    /// Held events each outlet organised.
    pub events: BTreeMap<String, u64>,
    /// Escalations, returns and reopenings counted against each outlet.
    pub incidents: BTreeMap<String, Incidents>,
}

/// Reads the figures of a period: the ticket counters, two grouped counts
/// and the history of the tickets with an incident.
pub fn load(conn: &mut DbConn, now: DateTime<Utc>, period: Period) -> Result<Inputs, AppError> {
    let tickets = stats::per_outlet(conn, now.naive_utc(), (Some(period.0), Some(period.1)))?
        .into_iter()
        .map(|s| (s.outlet_id.clone(), s))
        .collect();
    let trail = evaluation::incident_trail(conn, period)?;
    Ok(Inputs {
        tickets,
        visits: evaluation::visits_per_outlet(conn, period)?,
        events: evaluation::events_per_outlet(conn, period)?,
        incidents: attribute(&trail, period),
    })
}
