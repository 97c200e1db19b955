//! Public credit information on agencies: the patent agency credit evaluation
//! (专利代理信用评价: score from 100 down, A 90–100, B 80–89, C 60–79, D below
//! 60, A+ with bonus points), entries on the list of abnormal operations or
//! of serious violations, and administrative penalties, each with its source.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::length::within;
use crate::domain::outlet::{fail, FieldError};
use crate::vocabulary;

/// A credit grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
pub enum CreditGrade {
    /// 90–100 with bonus points.
    #[serde(rename = "A+")]
    APlus,
    /// 90–100.
    A,
    /// 80–89.
    B,
    /// 60–79.
    C,
    /// Below 60.
    D,
}

impl CreditGrade {
    /// The grade of a score (deducted from 100) with or without bonus points.
    pub fn of(score: u32, bonus_points: u32) -> Self {
        match score {
            90.. if bonus_points > 0 => CreditGrade::APlus,
            90.. => CreditGrade::A,
            80..=89 => CreditGrade::B,
            60..=79 => CreditGrade::C,
            _ => CreditGrade::D,
        }
    }
}

vocabulary! {
    /// Which list an agency is entered on.
    ListKind {
        /// 经营异常名录 (e.g. no annual report by 31 March).
        AbnormalOperations => ("经营异常名录", "List of abnormal operations"),
        /// 严重违法失信名单.
        SeriousViolations => ("严重违法失信名单", "List of serious violations"),
    }
}

/// Where a record comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The published page (http or https), at most 500 characters.
    #[schema(example = "https://www.cnipa.gov.cn/", max_length = 500)]
    pub url: String,
    /// When it was published or read.
    #[schema(value_type = String, format = Date, example = "2026-06-30")]
    pub date: NaiveDate,
}

/// A credit evaluation for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    /// Score from 100 down.
    #[schema(example = 92, maximum = 100)]
    pub score: u32,
    /// Bonus points (加分), 0 to 100; any makes a 90+ score A+.
    #[serde(default)]
    #[schema(maximum = 100)]
    pub bonus_points: u32,
    /// First day evaluated.
    #[schema(value_type = String, format = Date)]
    pub period_start: NaiveDate,
    /// Last day evaluated.
    #[schema(value_type = String, format = Date)]
    pub period_end: NaiveDate,
    /// Source.
    pub source: Source,
}

/// An entry on a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Listing {
    /// Which list.
    pub list: ListKind,
    /// Why.
    #[schema(example = "未按规定报送年度报告", max_length = 1000)]
    pub reason: String,
    /// When it was listed.
    #[schema(value_type = String, format = Date)]
    pub listed_on: NaiveDate,
    /// The deciding authority.
    #[schema(max_length = 1000)]
    pub authority: String,
    /// When it was removed.
    #[schema(value_type = Option<String>, format = Date)]
    pub removed_on: Option<NaiveDate>,
    /// Why it was removed, 1 to 1000 characters.
    #[schema(max_length = 1000)]
    pub removal_reason: Option<String>,
    /// Source.
    pub source: Source,
}

/// An administrative penalty (行政处罚).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Penalty {
    /// Decision number (决定书文号).
    #[schema(max_length = 1000)]
    pub decision_number: String,
    /// Type, e.g. 警告, 罚款.
    #[schema(max_length = 1000)]
    pub penalty_type: String,
    /// What was decided.
    #[schema(max_length = 1000)]
    pub content: String,
    /// The authority.
    #[schema(max_length = 1000)]
    pub authority: String,
    /// When.
    #[schema(value_type = String, format = Date)]
    pub decided_on: NaiveDate,
    /// Source.
    pub source: Source,
}

/// One credit record, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CreditRecord {
    /// A credit evaluation.
    Evaluation(Evaluation),
    /// A list entry.
    Listing(Listing),
    /// A penalty.
    Penalty(Penalty),
}

impl CreditRecord {
    /// The stored kind.
    pub fn kind(&self) -> &'static str {
        match self {
            CreditRecord::Evaluation(_) => "evaluation",
            CreditRecord::Listing(_) => "listing",
            CreditRecord::Penalty(_) => "penalty",
        }
    }

    /// Checks a record as of `today`.
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldError> {
        let text = |s: &str, field| match within(s, 1..=1000) {
            true => Ok(()),
            false => Err(fail(
                field,
                "须为 1 到 1000 个字符",
                "must be 1 to 1,000 characters",
            )),
        };
        let source = match self {
            CreditRecord::Evaluation(e) => {
                if e.score > 100 || e.period_end < e.period_start {
                    return Err(fail(
                        "score",
                        "分数为 0 到 100，评价期结束不能早于开始",
                        "score is 0 to 100 and the period must not end before it starts",
                    ));
                }
                if e.bonus_points > 100 {
                    return Err(fail("bonus_points", "须为 0 到 100", "must be 0 to 100"));
                }
                &e.source
            }
            CreditRecord::Listing(l) => {
                text(&l.reason, "reason")?;
                text(&l.authority, "authority")?;
                if let Some(why) = &l.removal_reason {
                    text(why, "removal_reason")?;
                }
                if l.removed_on.is_some() != l.removal_reason.is_some()
                    || l.removed_on.is_some_and(|r| r < l.listed_on)
                {
                    return Err(fail(
                        "removed_on",
                        "移出日期和原因须同时给出，且不早于列入日期",
                        "give removed_on with removal_reason, not before listed_on",
                    ));
                }
                &l.source
            }
            CreditRecord::Penalty(p) => {
                for (v, f) in [
                    (&p.decision_number, "decision_number"),
                    (&p.penalty_type, "penalty_type"),
                    (&p.content, "content"),
                    (&p.authority, "authority"),
                ] {
                    text(v, f)?;
                }
                &p.source
            }
        };
        let link = source.url.chars().count() <= 500
            && url::Url::parse(&source.url).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
        if !link || source.date > today {
            return Err(fail(
                "source",
                "来源须为 500 字符以内的 http(s) 链接，日期不能是将来",
                "the source needs an http(s) url of at most 500 characters and a date not in the future",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_follow_the_score_bands_and_bonus() {
        assert_eq!(CreditGrade::of(100, 0), CreditGrade::A);
        assert_eq!(CreditGrade::of(90, 2), CreditGrade::APlus);
        assert_eq!(CreditGrade::of(89, 5), CreditGrade::B);
        assert_eq!(CreditGrade::of(80, 0), CreditGrade::B);
        assert_eq!(CreditGrade::of(79, 0), CreditGrade::C);
        assert_eq!(CreditGrade::of(60, 0), CreditGrade::C);
        assert_eq!(CreditGrade::of(59, 0), CreditGrade::D);
    }
}
