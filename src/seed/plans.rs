//! The demonstration work plan (seed/plans.json, marked `demonstration`):
//! the first measures of Zhejiang's 2014 patent plan, with their quarterly
//! milestones and the source they were taken from.

use serde::Deserialize;

use crate::db::plans::PlanRows;
use crate::db::{self, DbConn};
use crate::domain::plans::{Plan, PlanDraft};

const PLANS_JSON: &str = include_str!("../../seed/plans.json");

#[derive(Deserialize)]
struct SeededPlan {
    id: String,
    #[serde(flatten)]
    draft: PlanDraft,
}

/// The seeded plans, checked like any draft.
pub fn plans() -> anyhow::Result<Vec<Plan>> {
    let seeded: Vec<SeededPlan> = serde_json::from_str(PLANS_JSON)?;
    (seeded.into_iter())
        .map(|s| {
            let dues = (s.draft.validate()).map_err(|e| {
                anyhow::anyhow!(
                    "seed/plans.json, plan {}: {}: {}",
                    s.id,
                    e.field,
                    e.reason.en
                )
            })?;
            Ok(Plan::new(s.id, s.draft, dues))
        })
        .collect()
}

/// Stores the seeded plans when no plan is stored; how many.
pub fn seed_plans(conn: &mut DbConn) -> anyhow::Result<usize> {
    if !db::plans::is_empty(conn)? {
        return Ok(0);
    }
    let all = plans()?;
    let now = chrono::Utc::now().naive_utc();
    for p in &all {
        db::plans::insert(conn, &PlanRows::of(p, now)?)?;
    }
    Ok(all.len())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_seeded_plan_is_a_valid_draft_marked_as_demonstration() {
        let plans = super::plans().unwrap();
        assert_eq!(plans.len(), 1);
        assert!(plans[0].demonstration && plans[0].source.is_some());
        assert_eq!(plans[0].tasks[0].milestones.len(), 3);
    }
}
