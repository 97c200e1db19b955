//! The seeded hotline rules (`seed/hotline-rules.json`).

use anyhow::Context;

use crate::db::{self, DbConn};
use crate::domain::hotline_rules::HotlineRules;

const RULES_JSON: &str = include_str!("../../seed/hotline-rules.json");

/// Seeds both tables when they are empty.
pub fn seed_rules(conn: &mut DbConn) -> anyhow::Result<()> {
    let seeded: HotlineRules =
        serde_json::from_str(RULES_JSON).context("seed/hotline-rules.json")?;
    if db::hotline_rules::clock_rules(conn)?.is_empty() {
        db::hotline_rules::replace_clock_rules(conn, &db::hotline_rules::clock_rows(&seeded))?;
    }
    if db::hotline_rules::competence(conn)?.is_empty() {
        db::hotline_rules::replace_competence(conn, &db::hotline_rules::competence_rows(&seeded))?;
    }
    Ok(())
}
