//! Clock rules and the competence matrix, stored as rows with `*` for "any".

use std::str::FromStr;

use anyhow::Context;
use diesel::prelude::*;

use super::schema::{clock_rules, competence_rules};
use super::DbConn;
use crate::domain::clocks::ClockRule;
use crate::domain::hotline_rules::HotlineRules;
use crate::domain::referral::CompetenceRule;

/// A stored clock rule.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = clock_rules)]
pub struct ClockRuleRow {
    pub kind: String,
    pub category: String,
    pub timer: String,
    pub days: i32,
    pub day_kind: String,
    pub source: String,
    pub confidence: String,
}

/// A stored competence rule.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = competence_rules)]
pub struct CompetenceRow {
    pub kind: String,
    pub category: String,
    pub outlet_kind: String,
    pub priority: i32,
}

/// Every clock rule.
pub fn clock_rules(conn: &mut DbConn) -> QueryResult<Vec<ClockRuleRow>> {
    clock_rules::table
        .select(ClockRuleRow::as_select())
        .order((clock_rules::kind, clock_rules::timer, clock_rules::category))
        .load(conn)
}

/// Replaces every clock rule.
pub fn replace_clock_rules(conn: &mut DbConn, rows: &[ClockRuleRow]) -> QueryResult<()> {
    diesel::delete(clock_rules::table).execute(conn)?;
    for row in rows {
        diesel::insert_into(clock_rules::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// Every competence rule.
pub fn competence(conn: &mut DbConn) -> QueryResult<Vec<CompetenceRow>> {
    competence_rules::table
        .select(CompetenceRow::as_select())
        .order((
            competence_rules::kind,
            competence_rules::category,
            competence_rules::priority,
        ))
        .load(conn)
}

/// Replaces the competence matrix.
pub fn replace_competence(conn: &mut DbConn, rows: &[CompetenceRow]) -> QueryResult<()> {
    diesel::delete(competence_rules::table).execute(conn)?;
    for row in rows {
        diesel::insert_into(competence_rules::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

fn parse<T: FromStr>(text: &str, what: &str) -> anyhow::Result<T>
where
    T::Err: std::fmt::Display,
{
    T::from_str(text).map_err(|e| anyhow::anyhow!("{what} `{text}`: {e}"))
}

fn any<T: FromStr>(text: &str, what: &str) -> anyhow::Result<Option<T>>
where
    T::Err: std::fmt::Display,
{
    if text == "*" {
        Ok(None)
    } else {
        parse(text, what).map(Some)
    }
}

/// Loads both tables.
pub fn load(conn: &mut DbConn) -> anyhow::Result<HotlineRules> {
    let clock_rules = clock_rules(conn)?
        .into_iter()
        .map(|r| {
            Ok(ClockRule {
                kind: parse(&r.kind, "kind")?,
                category: any(&r.category, "category")?,
                timer: parse(&r.timer, "timer")?,
                days: u32::try_from(r.days).context("days")?,
                day_kind: serde_json::from_value(serde_json::Value::String(r.day_kind))?,
                source: r.source,
                confidence: parse(&r.confidence, "confidence")?,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    let competence = competence(conn)?
        .into_iter()
        .map(|r| {
            Ok(CompetenceRule {
                kind: any(&r.kind, "kind")?,
                category: any(&r.category, "category")?,
                outlet_kind: parse(&r.outlet_kind, "outlet kind")?,
                priority: u8::try_from(r.priority).context("priority")?,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(HotlineRules {
        clock_rules,
        competence,
    })
}

/// Stored form of the clock rules.
pub fn clock_rows(rules: &HotlineRules) -> Vec<ClockRuleRow> {
    rules
        .clock_rules
        .iter()
        .map(|r| ClockRuleRow {
            kind: r.kind.as_str().into(),
            category: r.category.map_or("*", |c| c.as_str()).into(),
            timer: r.timer.as_str().into(),
            days: r.days as i32,
            day_kind: serde_json::to_value(r.day_kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            source: r.source.clone(),
            confidence: r.confidence.as_str().into(),
        })
        .collect()
}

/// Stored form of the competence matrix.
pub fn competence_rows(rules: &HotlineRules) -> Vec<CompetenceRow> {
    rules
        .competence
        .iter()
        .map(|r| CompetenceRow {
            kind: r.kind.map_or("*", |k| k.as_str()).into(),
            category: r.category.map_or("*", |c| c.as_str()).into(),
            outlet_kind: r.outlet_kind.as_str().into(),
            priority: i32::from(r.priority),
        })
        .collect()
}
