//! The personal-data access log (个人信息访问日志): who saw which record's
//! personal data in full, and when.
//!
//! The log keeps one row per answer that showed personal data in full
//! ([`Disclosure`]: the records it showed, one per line) and an index to
//! find a record's views: on PostgreSQL a GIN index over each answer's
//! records (migration 000025), on SQLite a full-text index of them kept by
//! triggers (migration 000023 says why). Each record shown is one entry to its
//! readers ([`AccessRow`]), numbered within its answer. Logged as one row per
//! record with three indexes, a queue page of 50 tickets wrote 200 index
//! entries before its answer could leave: most of the cost of reading one
//! on SQLite.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};

use super::schema::pii_access_answers;
use super::DbConn;

type Backend = <DbConn as diesel::Connection>::Backend;

/// Most records one answer row holds: entries number them in three digits.
const MAX_RECORDS: usize = 1_000;

/// One full view of a record's personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRow {
    /// The answer's id, a dot and the record's place in it (`{id}.007`).
    pub id: String,
    /// When the answer was made.
    pub at: NaiveDateTime,
    /// The key that saw it.
    pub key_id: String,
    /// That key's role.
    pub role: String,
    /// The ticket, or for `record_kind` `person` the person.
    pub ticket_id: String,
    /// As in [`Disclosure::purpose`].
    pub purpose: String,
    /// As in [`Disclosure::record_kind`].
    pub record_kind: String,
}

/// The full views of one answer: one key, one purpose, the records shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disclosure {
    /// When the answer was made.
    pub at: NaiveDateTime,
    /// The key it answered.
    pub key_id: String,
    /// That key's role.
    pub role: String,
    /// `intake`, `queue`, `view` or `action` (tickets); `person` (people).
    pub purpose: String,
    /// `ticket` or `person`.
    pub record_kind: String,
    /// In the order shown.
    pub record_ids: Vec<String>,
}

/// An answer as stored: its records one per line.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = pii_access_answers)]
struct AnswerRow {
    id: String,
    at: NaiveDateTime,
    key_id: String,
    role: String,
    purpose: String,
    record_kind: String,
    record_ids: String,
}

impl Disclosure {
    /// An answer of `record_kind` records for `purpose`, with none shown yet.
    pub fn new(
        at: NaiveDateTime,
        (key_id, role): (&str, &str),
        purpose: &str,
        record_kind: &str,
    ) -> Self {
        Self {
            at,
            key_id: key_id.to_owned(),
            role: role.to_owned(),
            purpose: purpose.to_owned(),
            record_kind: record_kind.to_owned(),
            record_ids: Vec::new(),
        }
    }

    /// Answer rows of up to [`MAX_RECORDS`] records each, with new ids.
    fn rows(&self) -> impl Iterator<Item = AnswerRow> + '_ {
        self.record_ids.chunks(MAX_RECORDS).map(|ids| AnswerRow {
            id: uuid::Uuid::now_v7().to_string(),
            at: self.at,
            key_id: self.key_id.clone(),
            role: self.role.clone(),
            purpose: self.purpose.clone(),
            record_kind: self.record_kind.clone(),
            // Record ids are the service's own (uuids): none holds a line break.
            record_ids: ids.join("\n"),
        })
    }
}

impl AnswerRow {
    /// Its entries, one per record in the order shown.
    fn entries(self) -> impl Iterator<Item = AccessRow> {
        let ids: Vec<String> = self.record_ids.split('\n').map(str::to_owned).collect();
        ids.into_iter()
            .enumerate()
            .map(move |(i, record)| AccessRow {
                id: format!("{}.{i:03}", self.id),
                at: self.at,
                key_id: self.key_id.clone(),
                role: self.role.clone(),
                ticket_id: record,
                purpose: self.purpose.clone(),
                record_kind: self.record_kind.clone(),
            })
    }
}

/// Logs answers' full views: one multi-row insert per table.
pub fn log_access(conn: &mut DbConn, answers: &[Disclosure]) -> QueryResult<()> {
    let rows: Vec<AnswerRow> = answers.iter().flat_map(Disclosure::rows).collect();
    crate::db::insert_many!(conn, pii_access_answers::table, &rows);
    Ok(())
}

/// Which access entries to read: all filters optional.
#[derive(Debug, Clone, Default)]
pub struct AccessFilter {
    /// Views of this ticket (or person).
    pub ticket_id: Option<String>,
    /// Views with this key.
    pub key_id: Option<String>,
    /// At or after.
    pub from: Option<NaiveDateTime>,
    /// Before.
    pub to: Option<NaiveDateTime>,
    /// Only entries older than this one (the page cursor).
    pub before_id: Option<String>,
}

impl AccessFilter {
    fn accepts(&self, entry: &AccessRow) -> bool {
        self.ticket_id
            .as_ref()
            .is_none_or(|t| *t == entry.ticket_id)
            && self.before_id.as_ref().is_none_or(|b| entry.id < *b)
    }
}

/// A page of the access log: up to `limit` entries, newest first.
pub fn access_log(
    conn: &mut DbConn,
    filter: &AccessFilter,
    limit: i64,
) -> QueryResult<Vec<AccessRow>> {
    let mut entries = Vec::new();
    // An answer's id sorts before its entries' ids, so answers before the
    // cursor hold every entry before it (and some after, dropped below).
    let mut before = filter.before_id.clone();
    loop {
        let answers = answers_page(conn, filter, before.as_deref(), limit)?;
        let exhausted = answers.len() < limit.max(1) as usize;
        before = answers.last().map(|a| a.id.clone());
        let mut page: Vec<AccessRow> = (answers.into_iter().flat_map(AnswerRow::entries))
            .filter(|e| filter.accepts(e))
            .collect();
        page.sort_unstable_by(|a, b| b.id.cmp(&a.id));
        entries.extend(page);
        if exhausted || entries.len() >= limit as usize {
            entries.truncate(limit.max(0) as usize);
            return Ok(entries);
        }
    }
}

/// Up to `limit` answers before `before`, newest first, that hold an entry
/// the filter may accept.
fn answers_page(
    conn: &mut DbConn,
    filter: &AccessFilter,
    before: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<AnswerRow>> {
    use pii_access_answers as a;
    let mut q = a::table.select(AnswerRow::as_select()).into_boxed();
    match (&filter.ticket_id, &*conn) {
        (None, _) => {}
        (Some(v), DbConn::Postgresql(_)) => {
            // The expression of the GIN index, so that the index answers it.
            q = q.filter(
                diesel::dsl::sql::<Bool>(
                    "string_to_array(pii_access_answers.record_ids, E'\\n') @> ARRAY[",
                )
                .bind::<Text, _>(v.clone())
                .sql("]::text[]"),
            )
        }
        (Some(v), DbConn::Sqlite(_)) => q = q.filter(answers_showing(v)),
    }
    if let Some(v) = &filter.key_id {
        q = q.filter(a::key_id.eq(v.clone()));
    }
    if let Some(v) = filter.from {
        q = q.filter(a::at.ge(v));
    }
    if let Some(v) = filter.to {
        q = q.filter(a::at.lt(v));
    }
    if let Some(v) = before {
        q = q.filter(a::id.lt(v.to_owned()));
    }
    q.order(a::id.desc()).limit(limit.max(1)).load(conn)
}

/// On SQLite, answers whose records may include `record` (the caller keeps
/// only its exact entries): by the full-text index when the id is one of its
/// tokens (ASCII letters, digits and `-`, as the service's ids are), else by
/// looking for it as a whole line of the answer's records (an id no record
/// has, or one from before), so that no fragment of an id matches every answer.
fn answers_showing(
    record: &str,
) -> Box<dyn BoxableExpression<pii_access_answers::table, Backend, SqlType = Bool>> {
    use diesel::dsl::sql;
    let one_token = !record.is_empty()
        && record
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !one_token {
        return Box::new(
            sql::<Bool>(
                "instr(char(10) || pii_access_answers.record_ids || char(10), char(10) || ",
            )
            .bind::<Text, _>(record.to_owned())
            .sql(" || char(10)) > 0"),
        );
    }
    Box::new(
        sql::<Bool>("pii_access_answers.seq IN (SELECT rowid FROM pii_access_by_record WHERE pii_access_by_record MATCH ")
            .bind::<Text, _>(format!("\"{record}\""))
            .sql(")"),
    )
}

/// Forgets the oldest answers logged before `before` (the audit retention
/// period): whole answers of up to `batch` entries in all (at least one
/// answer), so a prune stays a short write; how many entries it forgot.
/// The indexes of records follow (SQLite's full-text one by triggers).
pub fn prune(conn: &mut DbConn, before: NaiveDateTime, batch: i64) -> QueryResult<usize> {
    use pii_access_answers as a;
    let oldest: Vec<AnswerRow> = a::table
        .filter(a::at.lt(before))
        .order((a::at, a::id))
        .limit(batch)
        .select(AnswerRow::as_select())
        .load(conn)?;
    let mut entries = 0;
    let mut forgotten = Vec::new();
    for answer in &oldest {
        let records: Vec<&str> = answer.record_ids.split('\n').collect();
        if !forgotten.is_empty() && entries + records.len() > batch as usize {
            break;
        }
        entries += records.len();
        forgotten.push(answer.id.as_str());
    }
    diesel::delete(a::table.filter(a::id.eq_any(forgotten))).execute(conn)?;
    Ok(entries)
}
