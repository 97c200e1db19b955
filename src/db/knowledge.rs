//! Knowledge entry rows; the content is stored as JSON.

use anyhow::Context;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::knowledge_entries;
use super::DbConn;
use crate::domain::knowledge::{Entry, EntryContent};

/// A stored entry.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = knowledge_entries)]
pub struct EntryRow {
    pub id: String,
    pub content: String,
    pub status: String,
    pub region_code: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// Every entry, by id.
pub fn load_all(conn: &mut DbConn) -> QueryResult<Vec<EntryRow>> {
    knowledge_entries::table
        .order(knowledge_entries::id.asc())
        .select(EntryRow::as_select())
        .load(conn)
}

/// Whether any entry is stored.
pub fn is_empty(conn: &mut DbConn) -> QueryResult<bool> {
    let n: i64 = knowledge_entries::table.count().get_result(conn)?;
    Ok(n == 0)
}

/// Inserts a new entry.
pub fn insert(conn: &mut DbConn, row: &EntryRow) -> QueryResult<usize> {
    diesel::insert_into(knowledge_entries::table)
        .values(row)
        .execute(conn)
}

/// Replaces an entry if it still has `expected` version; 0 when it changed meanwhile.
pub fn replace(conn: &mut DbConn, row: &EntryRow, expected: i64) -> QueryResult<usize> {
    diesel::update(
        knowledge_entries::table
            .filter(knowledge_entries::id.eq(&row.id))
            .filter(knowledge_entries::version.eq(expected)),
    )
    .set((
        knowledge_entries::content.eq(&row.content),
        knowledge_entries::status.eq(&row.status),
        knowledge_entries::region_code.eq(&row.region_code),
        knowledge_entries::updated_at.eq(row.updated_at),
        knowledge_entries::version.eq(row.version),
    ))
    .execute(conn)
}

impl TryFrom<EntryRow> for Entry {
    type Error = anyhow::Error;

    /// Converts a stored entry.
    fn try_from(row: EntryRow) -> anyhow::Result<Entry> {
        let content: EntryContent = serde_json::from_str(&row.content)
            .with_context(|| format!("knowledge entry {}", row.id))?;
        Ok(Entry {
            id: row.id,
            content,
            updated_at: row.updated_at.and_utc(),
            version: row.version,
        })
    }
}

impl EntryRow {
    /// The row of an entry (created now when new).
    pub fn of(e: &Entry) -> anyhow::Result<Self> {
        Ok(Self {
            id: e.id.clone(),
            content: serde_json::to_string(&e.content)?,
            status: <&str>::from(e.content.status).to_owned(),
            region_code: e.content.region_code.clone(),
            created_at: e.updated_at.naive_utc(),
            updated_at: e.updated_at.naive_utc(),
            version: e.version,
        })
    }
}

/// Records the entries an action cited.
pub fn cite(
    conn: &mut DbConn,
    (event_id, ticket_id): (&str, &str),
    entries: &[String],
    at: NaiveDateTime,
) -> QueryResult<usize> {
    use super::schema::ticket_citations as c;
    let mut n = 0;
    for entry in entries {
        n += diesel::insert_into(c::table)
            .values((
                c::event_id.eq(event_id),
                c::ticket_id.eq(ticket_id),
                c::entry_id.eq(entry),
                c::cited_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(n)
}

/// (entry id, citations) between two instants, most cited first.
pub fn most_cited(
    conn: &mut DbConn,
    (from, to): (NaiveDateTime, NaiveDateTime),
    limit: i64,
) -> QueryResult<Vec<(String, i64)>> {
    use super::schema::ticket_citations as c;
    use diesel::dsl::count_star;
    c::table
        .filter(c::cited_at.ge(from).and(c::cited_at.lt(to)))
        .group_by(c::entry_id)
        .select((c::entry_id, count_star()))
        .order((count_star().desc(), c::entry_id.asc()))
        .limit(limit)
        .load(conn)
}

/// How many tickets an action in the span cited any entry for.
pub fn cited_tickets(
    conn: &mut DbConn,
    (from, to): (NaiveDateTime, NaiveDateTime),
) -> QueryResult<i64> {
    use diesel::sql_types::{BigInt, Timestamp};
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    diesel::sql_query(
        "SELECT COUNT(DISTINCT ticket_id) AS n FROM ticket_citations \
         WHERE cited_at >= $1 AND cited_at < $2",
    )
    .bind::<Timestamp, _>(from)
    .bind::<Timestamp, _>(to)
    .get_result::<Count>(conn)
    .map(|c| c.n)
}
