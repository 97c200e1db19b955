//! The hotline (热线 "一线通答"): intake, referral, actions, escalation and
//! statistics, on top of the pure rules in `domain::{ticket, clocks, referral}`.

pub mod actions;
pub mod checks;
pub mod escalation;
pub mod intake;
pub mod outbox;
pub mod stats;
pub mod view;

use std::str::FromStr;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::db::hotline_rules::{ClockRuleRow, CompetenceRow};
use crate::db::{self, DbConn};
use crate::domain::clocks::ClockRule;
use crate::domain::referral::CompetenceRule;

const RULES_JSON: &str = include_str!("../../seed/hotline-rules.json");

/// Clock rules and the competence matrix, as held in memory.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HotlineRules {
    /// Time limits per kind, category and timer.
    pub clock_rules: Vec<ClockRule>,
    /// Which outlet kinds handle which tickets.
    pub competence: Vec<CompetenceRule>,
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

impl HotlineRules {
    /// Loads both tables.
    pub fn load(conn: &mut DbConn) -> anyhow::Result<Self> {
        let clock_rules = db::hotline_rules::clock_rules(conn)?
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
        let competence = db::hotline_rules::competence(conn)?
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
        Ok(Self {
            clock_rules,
            competence,
        })
    }

    /// Stored form of the clock rules.
    pub fn clock_rows(&self) -> Vec<ClockRuleRow> {
        self.clock_rules
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
    pub fn competence_rows(&self) -> Vec<CompetenceRow> {
        self.competence
            .iter()
            .map(|r| CompetenceRow {
                kind: r.kind.map_or("*", |k| k.as_str()).into(),
                category: r.category.map_or("*", |c| c.as_str()).into(),
                outlet_kind: r.outlet_kind.as_str().into(),
                priority: i32::from(r.priority),
            })
            .collect()
    }
}

/// Seeds both tables when they are empty.
pub fn seed_rules(conn: &mut DbConn) -> anyhow::Result<()> {
    let seeded: HotlineRules =
        serde_json::from_str(RULES_JSON).context("seed/hotline-rules.json")?;
    if db::hotline_rules::clock_rules(conn)?.is_empty() {
        db::hotline_rules::replace_clock_rules(conn, &seeded.clock_rows())?;
    }
    if db::hotline_rules::competence(conn)?.is_empty() {
        db::hotline_rules::replace_competence(conn, &seeded.competence_rows())?;
    }
    Ok(())
}
