//! Referral (派单) by jurisdiction and competence (属地管理、分级负责): walk
//! the ticket's region chain from the smallest region up, and pick the first
//! active outlet whose kind is competent for the ticket's kind and category.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ticket::{TicketCategory, TicketKind};
use super::vocab::OutletKind;
use crate::i18n::Text;

/// One entry of the competence matrix: outlets of `outlet_kind` handle tickets
/// of `kind` (any when `null`) and `category` (any when `null`); lower
/// `priority` is tried first, and rules naming more are preferred.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompetenceRule {
    /// Ticket kind, or `null` for any.
    pub kind: Option<TicketKind>,
    /// Ticket category, or `null` for any.
    pub category: Option<TicketCategory>,
    /// Outlet kind that is competent.
    pub outlet_kind: OutletKind,
    /// Order among matching rules (lower first).
    #[schema(maximum = 255)]
    pub priority: u8,
}

/// Competent outlet kinds for a ticket, best first.
pub fn competent_kinds(
    rules: &[CompetenceRule],
    kind: TicketKind,
    category: TicketCategory,
) -> Vec<OutletKind> {
    let mut matching: Vec<&CompetenceRule> = rules
        .iter()
        .filter(|r| r.kind.is_none_or(|k| k == kind) && r.category.is_none_or(|c| c == category))
        .collect();
    let specificity =
        |r: &CompetenceRule| 2 * u8::from(r.kind.is_some()) + u8::from(r.category.is_some());
    matching.sort_by_key(|r| (std::cmp::Reverse(specificity(r)), r.priority));
    let mut kinds = Vec::new();
    for r in matching {
        if !kinds.contains(&r.outlet_kind) {
            kinds.push(r.outlet_kind);
        }
    }
    kinds
}

/// Every outlet kind competent for some ticket of this kind, whatever its category.
pub fn kinds_competent_for(rules: &[CompetenceRule], kind: TicketKind) -> Vec<OutletKind> {
    let mut kinds = Vec::new();
    for r in rules.iter().filter(|r| r.kind.is_none_or(|k| k == kind)) {
        if !kinds.contains(&r.outlet_kind) {
            kinds.push(r.outlet_kind);
        }
    }
    kinds
}

/// A region of the ticket's chain, smallest first.
#[derive(Debug, Clone)]
pub struct ChainRegion {
    pub code: String,
    pub name: String,
    pub approximate: bool,
}

/// An active outlet registered in a region.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    pub kind: OutletKind,
    /// Distance from the ticket's location, when it has one.
    pub distance_m: Option<f64>,
}

/// The engine's choice and why.
#[derive(Debug, Clone)]
pub struct Referral {
    /// The outlet chosen, if any.
    pub outlet_id: Option<String>,
    /// The reasoning, for the history and the operator.
    pub reason: Text,
}

/// Walks the chain up until a competent outlet is found.
pub fn refer(
    chain: &[ChainRegion],
    kinds: &[OutletKind],
    outlets_in: impl Fn(&str) -> Vec<Candidate>,
) -> Referral {
    let kind_list = kinds
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let kind_list_zh = kinds
        .iter()
        .map(|k| k.labels().0)
        .collect::<Vec<_>>()
        .join("、");
    let mut skipped: Vec<&str> = Vec::new();
    for region in chain {
        let mut candidates = outlets_in(&region.code);
        candidates.sort_by(|a, b| {
            a.distance_m
                .unwrap_or(0.0)
                .total_cmp(&b.distance_m.unwrap_or(0.0))
                .then_with(|| a.id.cmp(&b.id))
        });
        let best = kinds
            .iter()
            .find_map(|k| candidates.iter().find(|c| c.kind == *k));
        if let Some(outlet) = best {
            let approx = if region.approximate {
                "（近似定位）"
            } else {
                ""
            };
            let approx_en = if region.approximate {
                " (located approximately)"
            } else {
                ""
            };
            let walked = if skipped.is_empty() {
                (String::new(), String::new())
            } else {
                (
                    format!("{}无主管网点，逐级上移；", skipped.join("、")),
                    format!("no competent outlet in {}, walked up; ", skipped.join(", ")),
                )
            };
            return Referral {
                outlet_id: Some(outlet.id.clone()),
                reason: Text::new(
                    format!("属地：{}{approx}；主管网点类型：{kind_list_zh}；{}派至{}（{}）", region.name, walked.0, outlet.name, outlet.kind.labels().0),
                    format!("jurisdiction: {}{approx_en}; competent kinds: {kind_list}; {}referred to {} ({})", region.code, walked.1, outlet.name, outlet.kind.as_str()),
                ),
            };
        }
        skipped.push(&region.name);
    }
    let where_zh = if chain.is_empty() {
        "无法确定属地".to_owned()
    } else {
        format!("{}均无主管网点", skipped.join("、"))
    };
    Referral {
        outlet_id: None,
        reason: Text::new(
            format!("{where_zh}（主管网点类型：{kind_list_zh}），待话务员派单"),
            format!("no competent outlet found ({kind_list}); left for an operator to assign"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(
        category: Option<TicketCategory>,
        outlet_kind: OutletKind,
        priority: u8,
    ) -> CompetenceRule {
        CompetenceRule {
            kind: None,
            category,
            outlet_kind,
            priority,
        }
    }

    #[test]
    fn walks_up_to_the_first_tier_with_a_competent_outlet() {
        let rules = [rule(
            Some(TicketCategory::GeographicalIndication),
            OutletKind::PublicServiceCenter,
            1,
        )];
        let kinds = competent_kinds(
            &rules,
            TicketKind::Complaint,
            TicketCategory::GeographicalIndication,
        );
        let chain = [
            ChainRegion {
                code: "140728".into(),
                name: "平遥县".into(),
                approximate: true,
            },
            ChainRegion {
                code: "140700".into(),
                name: "晋中市".into(),
                approximate: true,
            },
        ];
        let outlets = |code: &str| match code {
            "140728" => vec![Candidate {
                id: "ws".into(),
                name: "平遥县工作站".into(),
                kind: OutletKind::ServiceWorkstation,
                distance_m: Some(10.0),
            }],
            _ => vec![Candidate {
                id: "hub".into(),
                name: "晋中市中心".into(),
                kind: OutletKind::PublicServiceCenter,
                distance_m: Some(9e4),
            }],
        };
        let r = refer(&chain, &kinds, outlets);
        assert_eq!(r.outlet_id.as_deref(), Some("hub"));
        assert!(r.reason.zh.contains("平遥县无主管网点"), "{}", r.reason.zh);
        assert!(refer(&chain[..1], &kinds, outlets).outlet_id.is_none());
    }

    #[test]
    fn specific_rules_come_first() {
        let mut assistance = rule(None, OutletKind::ProtectionAssistanceCenter, 9);
        assistance.kind = Some(TicketKind::Assistance);
        let rules = [
            rule(
                Some(TicketCategory::Patent),
                OutletKind::ServiceWorkstation,
                1,
            ),
            rule(None, OutletKind::PublicServiceCenter, 1),
            assistance,
        ];
        let kinds = competent_kinds(&rules, TicketKind::Assistance, TicketCategory::Patent);
        assert_eq!(
            kinds,
            [
                OutletKind::ProtectionAssistanceCenter,
                OutletKind::ServiceWorkstation,
                OutletKind::PublicServiceCenter
            ]
        );
    }
}
