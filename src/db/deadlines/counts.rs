//! The counters the deadline rows keep (`ticket_counts`, `deadline_counts`,
//! `answer_counts`): what a row adds to them, changes summed per key before
//! they are written, and the rebuild after a bulk load.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Text, Timestamp};

use super::DeadlineRow;
use crate::db::DbConn;

/// What tickets add to an outlet's counters for one day of receipt.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Contribution {
    received: i64,
    closed: i64,
    answered: i64,
    on_time: i64,
    handling_days: i64,
    rated: i64,
    satisfaction: i64,
    backdated: i64,
    accepted: i64,
    accepted_on_time: i64,
    called_back: i64,
    called_back_on_time: i64,
}

impl Contribution {
    /// Adds `other` times `sign` (1 to add, -1 to take back).
    fn add(&mut self, other: &Self, sign: i64) {
        self.received += sign * other.received;
        self.closed += sign * other.closed;
        self.answered += sign * other.answered;
        self.on_time += sign * other.on_time;
        self.handling_days += sign * other.handling_days;
        self.rated += sign * other.rated;
        self.satisfaction += sign * other.satisfaction;
        self.backdated += sign * other.backdated;
        self.accepted += sign * other.accepted;
        self.accepted_on_time += sign * other.accepted_on_time;
        self.called_back += sign * other.called_back;
        self.called_back_on_time += sign * other.called_back_on_time;
    }
}

impl DeadlineRow {
    /// Its outlet and the instant its deadline passes: what it adds to
    /// `deadline_counts`.
    fn deadline(&self) -> Option<(String, NaiveDateTime)> {
        Some((self.outlet_id.clone()?, self.overdue_at?))
    }

    /// The day of its first direct answer, and whether at first contact:
    /// what it adds to `answer_counts`.
    fn answer(&self) -> Option<(NaiveDate, bool)> {
        Some((self.answered_on?, self.first_contact))
    }

    fn contribution(&self) -> Option<((String, NaiveDate), Contribution)> {
        let outlet = self.outlet_id.clone()?;
        Some((
            (outlet, self.received_day),
            Contribution {
                received: 1,
                closed: i64::from(self.closed),
                answered: i64::from(self.handling_met.is_some()),
                on_time: i64::from(self.handling_met == Some(true)),
                handling_days: i64::from(self.handling_days.unwrap_or(0)),
                rated: i64::from(self.satisfaction.is_some()),
                satisfaction: i64::from(self.satisfaction.unwrap_or(0)),
                backdated: i64::from(self.backdated),
                accepted: i64::from(self.acceptance_met.is_some()),
                accepted_on_time: i64::from(self.acceptance_met == Some(true)),
                called_back: i64::from(self.callback_met.is_some()),
                called_back_on_time: i64::from(self.callback_met == Some(true)),
            },
        ))
    }
}

/// Changes to the counters, summed per key: however many tickets move a key,
/// it is written with one upsert. Keys are written in order, so two writers
/// lock them in the same order.
#[derive(Debug, Default)]
pub struct Tally {
    counts: BTreeMap<(String, NaiveDate), Contribution>,
    deadlines: BTreeMap<(String, NaiveDateTime), i64>,
    /// Per day: first direct answers, of which at first contact.
    answers: BTreeMap<NaiveDate, (i64, i64)>,
}

impl Tally {
    /// Moves a ticket's contribution from its `old` row (`None`: it had none)
    /// to its `new` one.
    pub fn shift(&mut self, old: Option<&DeadlineRow>, new: &DeadlineRow) {
        for (row, sign) in old.map(|o| (o, -1)).into_iter().chain([(new, 1)]) {
            if let Some((key, c)) = row.contribution() {
                self.counts.entry(key).or_default().add(&c, sign);
            }
            if let Some(key) = row.deadline() {
                *self.deadlines.entry(key).or_default() += sign;
            }
            if let Some((day, first_contact)) = row.answer() {
                let (answered, first) = self.answers.entry(day).or_default();
                *answered += sign;
                *first += sign * i64::from(first_contact);
            }
        }
    }

    /// Writes every key that changed (inside the change's transaction).
    pub fn write(self, conn: &mut DbConn) -> QueryResult<()> {
        for ((outlet, day), c) in &self.counts {
            if *c != Contribution::default() {
                count(conn, (outlet, *day), c)?;
            }
        }
        for ((outlet, at), n) in &self.deadlines {
            if *n != 0 {
                count_deadline(conn, (outlet, *at), *n)?;
            }
        }
        for (day, (answered, first)) in &self.answers {
            if (*answered, *first) != (0, 0) {
                count_answer(conn, *day, (*answered, *first))?;
            }
        }
        Ok(())
    }
}

/// Adds `c` to an outlet's counters of a day.
fn count(conn: &mut DbConn, (outlet, day): (&str, NaiveDate), c: &Contribution) -> QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO ticket_counts (outlet_id, day, received, closed, answered, on_time, \
         handling_days, rated, satisfaction, backdated, accepted, accepted_on_time, \
         called_back, called_back_on_time) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
         ON CONFLICT (outlet_id, day) DO UPDATE SET \
         received = ticket_counts.received + excluded.received, \
         closed = ticket_counts.closed + excluded.closed, \
         answered = ticket_counts.answered + excluded.answered, \
         on_time = ticket_counts.on_time + excluded.on_time, \
         handling_days = ticket_counts.handling_days + excluded.handling_days, \
         rated = ticket_counts.rated + excluded.rated, \
         satisfaction = ticket_counts.satisfaction + excluded.satisfaction, \
         backdated = ticket_counts.backdated + excluded.backdated, \
         accepted = ticket_counts.accepted + excluded.accepted, \
         accepted_on_time = ticket_counts.accepted_on_time + excluded.accepted_on_time, \
         called_back = ticket_counts.called_back + excluded.called_back, \
         called_back_on_time = ticket_counts.called_back_on_time + excluded.called_back_on_time",
    )
    .bind::<Text, _>(outlet)
    .bind::<Date, _>(day)
    .bind::<BigInt, _>(c.received)
    .bind::<BigInt, _>(c.closed)
    .bind::<BigInt, _>(c.answered)
    .bind::<BigInt, _>(c.on_time)
    .bind::<BigInt, _>(c.handling_days)
    .bind::<BigInt, _>(c.rated)
    .bind::<BigInt, _>(c.satisfaction)
    .bind::<BigInt, _>(c.backdated)
    .bind::<BigInt, _>(c.accepted)
    .bind::<BigInt, _>(c.accepted_on_time)
    .bind::<BigInt, _>(c.called_back)
    .bind::<BigInt, _>(c.called_back_on_time)
    .execute(conn)
    .map(drop)
}

/// Adds `n` open tickets of an outlet whose deadline passes at `at`.
fn count_deadline(
    conn: &mut DbConn,
    (outlet, at): (&str, NaiveDateTime),
    n: i64,
) -> QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO deadline_counts (outlet_id, overdue_at, tickets) VALUES ($1, $2, $3) \
         ON CONFLICT (outlet_id, overdue_at) \
         DO UPDATE SET tickets = deadline_counts.tickets + excluded.tickets",
    )
    .bind::<Text, _>(outlet)
    .bind::<Timestamp, _>(at)
    .bind::<BigInt, _>(n)
    .execute(conn)
    .map(drop)
}

/// Adds first direct answers on `day`, of which at first contact.
fn count_answer(
    conn: &mut DbConn,
    day: NaiveDate,
    (answered, first_contact): (i64, i64),
) -> QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO answer_counts (day, answered, first_contact) VALUES ($1, $2, $3) \
         ON CONFLICT (day) DO UPDATE SET answered = answer_counts.answered + excluded.answered, \
         first_contact = answer_counts.first_contact + excluded.first_contact",
    )
    .bind::<Date, _>(day)
    .bind::<BigInt, _>(answered)
    .bind::<BigInt, _>(first_contact)
    .execute(conn)
    .map(drop)
}

/// Rebuilds the counters from the rows (after a bulk load).
pub fn rebuild_counts(conn: &mut DbConn) -> QueryResult<usize> {
    refill(
        conn,
        "deadline_counts (outlet_id, overdue_at, tickets) \
         SELECT outlet_id, overdue_at, COUNT(*) FROM ticket_deadlines \
         WHERE outlet_id IS NOT NULL AND overdue_at IS NOT NULL GROUP BY outlet_id, overdue_at",
    )?;
    refill(
        conn,
        "answer_counts (day, answered, first_contact) \
         SELECT answered_on, COUNT(*), SUM(CASE WHEN first_contact THEN 1 ELSE 0 END) \
         FROM ticket_deadlines WHERE answered_on IS NOT NULL GROUP BY answered_on",
    )?;
    refill(
        conn,
        "ticket_counts (outlet_id, day, received, closed, answered, on_time, \
         handling_days, rated, satisfaction, backdated, accepted, accepted_on_time, \
         called_back, called_back_on_time) \
         SELECT outlet_id, received_day, COUNT(*), \
         SUM(CASE WHEN closed THEN 1 ELSE 0 END), \
         SUM(CASE WHEN handling_met IS NOT NULL THEN 1 ELSE 0 END), \
         SUM(CASE WHEN handling_met THEN 1 ELSE 0 END), \
         COALESCE(SUM(handling_days), 0), COUNT(satisfaction), COALESCE(SUM(satisfaction), 0), \
         COALESCE(SUM(backdated), 0), COUNT(acceptance_met), \
         SUM(CASE WHEN acceptance_met THEN 1 ELSE 0 END), COUNT(callback_met), \
         SUM(CASE WHEN callback_met THEN 1 ELSE 0 END) \
         FROM ticket_deadlines WHERE outlet_id IS NOT NULL GROUP BY outlet_id, received_day",
    )
}

/// Empties a counter table and fills it again: `into` is the table with its
/// columns and the SELECT that computes them.
fn refill(conn: &mut DbConn, into: &str) -> QueryResult<usize> {
    let table = into.split_whitespace().next().unwrap_or_default();
    diesel::sql_query(format!("DELETE FROM {table}")).execute(conn)?;
    diesel::sql_query(format!("INSERT INTO {into}")).execute(conn)
}
