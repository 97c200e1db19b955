//! Rows of the programme pool (commissioners and envoys).

use anyhow::Context;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::programme_people as p;
use crate::db::DbConn;
use crate::domain::programmes::person::{Person, PersonDraft};

/// A stored person.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = p)]
pub struct PersonRow {
    pub id: String,
    pub role: String,
    pub name: String,
    pub employer: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub ip_degree: bool,
    pub ip_work_years: i32,
    pub review_status: String,
    pub training_status: String,
    pub pool_status: String,
    pub submitted_by_region: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
    pub outlet_id: Option<String>,
}

impl From<&Person> for PersonRow {
    fn from(x: &Person) -> Self {
        let d = &x.draft;
        Self {
            id: x.id.clone(),
            role: d.role.as_str().into(),
            name: d.name.trim().into(),
            employer: d.employer.trim().into(),
            phone: d.phone.clone(),
            email: d.email.clone(),
            ip_degree: d.ip_degree,
            ip_work_years: d.ip_work_years as i32,
            review_status: d.review_status.as_str().into(),
            training_status: d.training_status.as_str().into(),
            pool_status: d.pool_status.as_str().into(),
            submitted_by_region: d.submitted_by_region.clone(),
            created_at: x.created_at.naive_utc(),
            updated_at: x.updated_at.naive_utc(),
            version: x.version,
            outlet_id: d.outlet_id.clone(),
        }
    }
}

impl TryFrom<PersonRow> for Person {
    type Error = anyhow::Error;

    fn try_from(r: PersonRow) -> anyhow::Result<Self> {
        let context = || format!("person {}", r.id);
        Ok(Person {
            draft: PersonDraft {
                role: r.role.parse().with_context(context)?,
                name: r.name,
                employer: r.employer,
                phone: r.phone,
                email: r.email,
                ip_degree: r.ip_degree,
                ip_work_years: u32::try_from(r.ip_work_years).with_context(context)?,
                review_status: r.review_status.parse().with_context(context)?,
                training_status: r.training_status.parse().with_context(context)?,
                pool_status: r.pool_status.parse().with_context(context)?,
                submitted_by_region: r.submitted_by_region,
                outlet_id: r.outlet_id,
            },
            id: r.id,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
            version: r.version,
        })
    }
}

/// Stores a new person.
pub fn insert(conn: &mut DbConn, row: &PersonRow) -> QueryResult<usize> {
    diesel::insert_into(p::table).values(row).execute(conn)
}

/// Replaces a person if it still has `expected` version; 0 when it changed meanwhile.
pub fn replace(conn: &mut DbConn, row: &PersonRow, expected: i64) -> QueryResult<usize> {
    diesel::update(
        p::table
            .filter(p::id.eq(&row.id))
            .filter(p::version.eq(expected)),
    )
    .set((
        p::name.eq(&row.name),
        p::employer.eq(&row.employer),
        p::phone.eq(&row.phone),
        p::email.eq(&row.email),
        p::ip_degree.eq(row.ip_degree),
        p::ip_work_years.eq(row.ip_work_years),
        p::review_status.eq(&row.review_status),
        p::training_status.eq(&row.training_status),
        p::pool_status.eq(&row.pool_status),
        p::submitted_by_region.eq(&row.submitted_by_region),
        p::updated_at.eq(row.updated_at),
        p::version.eq(row.version),
    ))
    .execute(conn)
}

/// One person.
pub fn find(conn: &mut DbConn, id: &str) -> anyhow::Result<Option<Person>> {
    let row = p::table
        .filter(p::id.eq(id))
        .select(PersonRow::as_select())
        .first(conn)
        .optional()?;
    row.map(Person::try_from).transpose()
}

/// People with the given ids.
pub fn by_ids(conn: &mut DbConn, ids: &[String]) -> anyhow::Result<Vec<Person>> {
    let rows = p::table
        .filter(p::id.eq_any(ids))
        .select(PersonRow::as_select())
        .load(conn)?;
    rows.into_iter().map(Person::try_from).collect()
}

/// Which people to list; all filters optional.
#[derive(Debug, Clone, Default)]
pub struct PeopleFilter {
    /// `commissioner` or `envoy`.
    pub role: Option<String>,
    /// Pool status.
    pub pool_status: Option<String>,
    /// Employing unit, exactly.
    pub employer: Option<String>,
    /// Only ids after this one (the page cursor).
    pub after_id: Option<String>,
}

/// A page of people by id.
pub fn list(conn: &mut DbConn, f: &PeopleFilter, limit: i64) -> anyhow::Result<Vec<Person>> {
    let mut q = p::table.select(PersonRow::as_select()).into_boxed();
    if let Some(v) = &f.role {
        q = q.filter(p::role.eq(v.clone()));
    }
    if let Some(v) = &f.pool_status {
        q = q.filter(p::pool_status.eq(v.clone()));
    }
    if let Some(v) = &f.employer {
        q = q.filter(p::employer.eq(v.clone()));
    }
    if let Some(v) = &f.after_id {
        q = q.filter(p::id.gt(v.clone()));
    }
    let rows = q.order(p::id.asc()).limit(limit).load(conn)?;
    rows.into_iter().map(Person::try_from).collect()
}
