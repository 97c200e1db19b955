//! Named sets of regions (e.g. 山区海岛县).

use diesel::prelude::*;

use crate::db::schema::{region_set_members as m, region_sets as s};
use crate::db::DbConn;

/// A stored set: code, Chinese name, English name, member codes.
pub type RegionSet = (String, String, Option<String>, Vec<String>);

/// Replaces (or creates) a set and its members.
pub fn put(conn: &mut DbConn, set: &RegionSet) -> QueryResult<()> {
    let (code, name, name_en, members) = set;
    diesel::delete(m::table.filter(m::set_code.eq(code))).execute(conn)?;
    diesel::delete(s::table.filter(s::code.eq(code))).execute(conn)?;
    diesel::insert_into(s::table)
        .values((s::code.eq(code), s::name.eq(name), s::name_en.eq(name_en)))
        .execute(conn)?;
    for r in members {
        diesel::insert_into(m::table)
            .values((m::set_code.eq(code), m::region_code.eq(r)))
            .execute(conn)?;
    }
    Ok(())
}

/// The member codes of one set; `None` when there is no such set.
pub fn members(conn: &mut DbConn, code: &str) -> QueryResult<Option<Vec<String>>> {
    let exists: i64 = s::table.filter(s::code.eq(code)).count().get_result(conn)?;
    if exists == 0 {
        return Ok(None);
    }
    let of = (m::table.filter(m::set_code.eq(code)))
        .order(m::region_code.asc())
        .select(m::region_code)
        .load(conn)?;
    Ok(Some(of))
}

/// Every set with its members, by code.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<RegionSet>> {
    let sets: Vec<(String, String, Option<String>)> = s::table
        .order(s::code.asc())
        .select((s::code, s::name, s::name_en))
        .load(conn)?;
    let members: Vec<(String, String)> = m::table
        .order((m::set_code.asc(), m::region_code.asc()))
        .select((m::set_code, m::region_code))
        .load(conn)?;
    Ok(sets
        .into_iter()
        .map(|(code, name, en)| {
            let of: Vec<String> = (members.iter())
                .filter(|(c, _)| *c == code)
                .map(|(_, r)| r.clone())
                .collect();
            (code, name, en, of)
        })
        .collect())
}
