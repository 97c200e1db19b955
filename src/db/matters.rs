//! Service matter rows, their channels, and outlet opening hours.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{matter_channels, matters, outlet_hours};
use super::DbConn;

/// A stored service matter; `document` is the published guide as JSON.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = matters)]
pub struct MatterRow {
    pub code: String,
    pub name: String,
    pub category: String,
    pub document: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// One outlet offering one matter.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = matter_channels)]
pub struct ChannelRow {
    pub matter_code: String,
    pub outlet_id: String,
}

/// An outlet's opening hours as JSON.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = outlet_hours)]
pub struct HoursRow {
    pub outlet_id: String,
    pub schedule: String,
    pub updated_at: NaiveDateTime,
}

/// Every matter, by code.
pub fn load_all(conn: &mut DbConn) -> QueryResult<Vec<MatterRow>> {
    matters::table
        .order(matters::code.asc())
        .select(MatterRow::as_select())
        .load(conn)
}

/// Every channel.
pub fn channels(conn: &mut DbConn) -> QueryResult<Vec<ChannelRow>> {
    matter_channels::table
        .select(ChannelRow::as_select())
        .load(conn)
}

/// One matter.
pub fn find(conn: &mut DbConn, code: &str) -> QueryResult<Option<MatterRow>> {
    matters::table
        .find(code)
        .select(MatterRow::as_select())
        .first(conn)
        .optional()
}

/// Inserts a matter (`expected` = None) or replaces it at that version; rows changed.
pub fn save(conn: &mut DbConn, row: &MatterRow, expected: Option<i64>) -> QueryResult<usize> {
    match expected {
        None => diesel::insert_into(matters::table)
            .values(row)
            .execute(conn),
        Some(v) => diesel::update(
            matters::table
                .find(&row.code)
                .filter(matters::version.eq(v)),
        )
        .set(row)
        .execute(conn),
    }
}

/// Replaces the outlets offering a matter.
pub fn replace_channels(conn: &mut DbConn, code: &str, outlet_ids: &[String]) -> QueryResult<()> {
    diesel::delete(matter_channels::table.filter(matter_channels::matter_code.eq(code)))
        .execute(conn)?;
    for id in outlet_ids {
        let row = ChannelRow {
            matter_code: code.to_owned(),
            outlet_id: id.clone(),
        };
        diesel::insert_into(matter_channels::table)
            .values(&row)
            .execute(conn)?;
    }
    Ok(())
}

/// Every outlet's opening hours.
pub fn all_hours(conn: &mut DbConn) -> QueryResult<Vec<HoursRow>> {
    outlet_hours::table.select(HoursRow::as_select()).load(conn)
}

/// One outlet's opening hours.
pub fn find_hours(conn: &mut DbConn, outlet_id: &str) -> QueryResult<Option<HoursRow>> {
    outlet_hours::table
        .find(outlet_id)
        .select(HoursRow::as_select())
        .first(conn)
        .optional()
}

/// The outlets a matter names as its channels.
pub fn channels_of(conn: &mut DbConn, code: &str) -> QueryResult<Vec<String>> {
    matter_channels::table
        .filter(matter_channels::matter_code.eq(code))
        .select(matter_channels::outlet_id)
        .order(matter_channels::outlet_id.asc())
        .load(conn)
}

/// Sets an outlet's opening hours.
pub fn save_hours(conn: &mut DbConn, row: &HoursRow) -> QueryResult<()> {
    diesel::delete(outlet_hours::table.find(&row.outlet_id)).execute(conn)?;
    diesel::insert_into(outlet_hours::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}
