//! Annual work plans (年度工作计划 / 推进计划): measures with goals, content,
//! a lead unit and supporting units, and milestones due by a quarter, a month
//! or a date.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::outlet::{fail, FieldError};
use super::programmes::compliance::Quarter;
use crate::domain::length::within;
use crate::vocabulary;

/// The years a work plan may run in.
pub const PLAN_YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

vocabulary! {
    /// Where a milestone stands (进展).
    MilestoneStatus {
        /// 未开始.
        NotStarted => ("未开始", "Not started"),
        /// 推进中.
        InProgress => ("推进中", "In progress"),
        /// 已完成.
        Done => ("已完成", "Done"),
    }
}

/// When a milestone is due: a quarter (`2014Q1`), a month (`2014-03`) or a day (`2014-03-15`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// By the end of a quarter.
    Quarter(Quarter),
    /// By the end of a month.
    Month(i32, u32),
    /// By a day.
    Date(NaiveDate),
}

impl Due {
    /// The last day it may be done on.
    pub fn last_day(self) -> NaiveDate {
        match self {
            Due::Quarter(q) => q.last_day(),
            Due::Month(y, m) => {
                let next = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                NaiveDate::from_ymd_opt(next.0, next.1, 1)
                    .and_then(|d| d.pred_opt())
                    .expect("valid month")
            }
            Due::Date(d) => d,
        }
    }

    /// Its year.
    pub fn year(self) -> i32 {
        self.last_day().year()
    }
}

impl FromStr for Due {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        if let Some((y, q)) = s.split_once('Q') {
            let (year, number) = (y.parse().map_err(|_| ())?, q.parse().map_err(|_| ())?);
            return ((1..=4).contains(&number) && (1900..=2200).contains(&year))
                .then_some(Due::Quarter(Quarter { year, number }))
                .ok_or(());
        }
        if s.len() == 7 {
            let d = NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").map_err(|_| ())?;
            return Ok(Due::Month(d.year(), d.month()));
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Due::Date)
            .map_err(|_| ())
    }
}

impl fmt::Display for Due {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Due::Quarter(q) => write!(f, "{q}"),
            Due::Month(y, m) => write!(f, "{y}-{m:02}"),
            Due::Date(d) => write!(f, "{d}"),
        }
    }
}

/// A responsible unit: an outlet, a region (its IP office) or a named body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitRef {
    /// An outlet of the directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub outlet_id: Option<String>,
    /// A region (its IP office).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^[0-9]{6}(P[0-9]{2})?$")]
    pub region_code: Option<String>,
    /// A body outside the directory, e.g. 省知识产权局综合协调处.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "省知识产权局", max_length = 100)]
    pub name: Option<String>,
}

impl UnitRef {
    fn check(&self, field: &'static str) -> Result<(), FieldError> {
        let given = [
            self.outlet_id.is_some(),
            self.region_code.is_some(),
            self.name.is_some(),
        ];
        if given.iter().filter(|g| **g).count() != 1 {
            return Err(fail(
                field,
                "每个单位须给出网点、行政区划或单位名称之一",
                "each unit needs exactly one of outlet_id, region_code, name",
            ));
        }
        if self.name.as_deref().is_some_and(|n| !within(n, 2..=100)) {
            return Err(fail(
                field,
                "单位名称须为 2 到 100 个字符",
                "a unit name must be 2 to 100 characters",
            ));
        }
        Ok(())
    }
}

/// A milestone as drafted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MilestoneDraft {
    /// What is to be reached.
    #[schema(example = "完成本省专利政策框架建设方案", max_length = 1000)]
    pub description: String,
    /// `2014Q1`, `2014-03` or `2014-03-15`, in the plan's year.
    #[schema(
        example = "2014Q1",
        pattern = "^[0-9]{4}(Q[1-4]|-[0-9]{2}(-[0-9]{2})?)$"
    )]
    pub due: String,
}

/// A task (工作措施) as drafted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskDraft {
    /// The measure (工作措施).
    #[schema(example = "加强专利政策体系顶层设计", max_length = 200)]
    pub measure: String,
    /// The goal (工作目标).
    #[schema(max_length = 2000)]
    pub goal: String,
    /// The content (具体内容).
    #[schema(max_length = 5000)]
    pub content: String,
    /// The lead unit (牵头单位).
    pub lead_unit: UnitRef,
    /// Supporting units (配合单位).
    #[serde(default)]
    pub supporting_units: Vec<UnitRef>,
    /// Milestones, at least one.
    pub milestones: Vec<MilestoneDraft>,
}

/// A plan as drafted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanDraft {
    /// The year it runs, 2000 to 2100.
    #[schema(example = 2026, minimum = 2000, maximum = 2100)]
    pub year: i32,
    /// Its title.
    #[schema(example = "晋中市2026年知识产权公共服务工作推进计划", max_length = 200)]
    pub title: String,
    /// Who issued it.
    #[schema(example = "晋中市市场监督管理局", max_length = 100)]
    pub issuing_body: String,
    /// Demonstration data, not an issued plan.
    #[serde(default)]
    pub demonstration: bool,
    /// Where the text comes from (a link), at most 500 characters.
    #[schema(max_length = 500)]
    pub source: Option<String>,
    /// Its tasks, in order.
    pub tasks: Vec<TaskDraft>,
}

impl PlanDraft {
    /// Checks the plan; the due dates parsed, per task and milestone.
    pub fn validate(&self) -> Result<Vec<Vec<Due>>, FieldError> {
        if !PLAN_YEARS.contains(&self.year) {
            return Err(fail(
                "year",
                "须为 2000 到 2100",
                "must be from 2000 to 2100",
            ));
        }
        if !within(&self.title, 2..=200) {
            return Err(fail(
                "title",
                "须为 2 到 200 个字符",
                "must be 2 to 200 characters",
            ));
        }
        if !within(&self.issuing_body, 2..=100) {
            return Err(fail(
                "issuing_body",
                "须为 2 到 100 个字符",
                "must be 2 to 100 characters",
            ));
        }
        if self
            .source
            .as_ref()
            .is_some_and(|s| s.chars().count() > 500)
        {
            return Err(fail("source", "最多 500 个字符", "at most 500 characters"));
        }
        if !(1..=100).contains(&self.tasks.len()) {
            return Err(fail(
                "tasks",
                "须有 1 到 100 项",
                "must have 1 to 100 tasks",
            ));
        }
        self.tasks.iter().map(|t| self.check_task(t)).collect()
    }

    fn check_task(&self, t: &TaskDraft) -> Result<Vec<Due>, FieldError> {
        if !within(&t.measure, 2..=200)
            || t.goal.chars().count() > 2000
            || t.content.chars().count() > 5000
        {
            return Err(fail(
                "tasks",
                "措施须为 2 到 200 个字符，目标最多 2000 字，内容最多 5000 字",
                "a measure must be 2 to 200 characters, a goal at most 2,000, content at most 5,000",
            ));
        }
        t.lead_unit.check("lead_unit")?;
        for u in &t.supporting_units {
            u.check("supporting_units")?;
        }
        if !(1..=12).contains(&t.milestones.len()) {
            return Err(fail(
                "milestones",
                "每项措施须有 1 到 12 个节点",
                "each task needs 1 to 12 milestones",
            ));
        }
        t.milestones
            .iter()
            .map(|m| self.check_milestone(m))
            .collect()
    }

    fn check_milestone(&self, m: &MilestoneDraft) -> Result<Due, FieldError> {
        if !within(&m.description, 2..=1000) {
            return Err(fail(
                "milestones",
                "节点说明须为 2 到 1000 个字符",
                "a milestone needs 2 to 1,000 characters",
            ));
        }
        let due: Due = m.due.parse().map_err(|_| {
            fail(
                "due",
                format!(
                    "{} 不是季度（2014Q1）、月份（2014-03）或日期（2014-03-15）",
                    m.due
                ),
                format!(
                    "{} is not a quarter (2014Q1), month (2014-03) or date (2014-03-15)",
                    m.due
                ),
            )
        })?;
        if due.year() != self.year {
            return Err(fail(
                "due",
                format!("{} 不在计划年度内", m.due),
                format!("{} is outside the plan's year", m.due),
            ));
        }
        Ok(due)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_takes_a_quarter_a_month_or_a_day() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!("2014Q1".parse::<Due>().unwrap().last_day(), d("2014-03-31"));
        assert_eq!("2014Q4".parse::<Due>().unwrap().last_day(), d("2014-12-31"));
        assert_eq!(
            "2014-02".parse::<Due>().unwrap().last_day(),
            d("2014-02-28")
        );
        assert_eq!(
            "2014-12".parse::<Due>().unwrap().last_day(),
            d("2014-12-31")
        );
        assert_eq!(
            "2014-03-15".parse::<Due>().unwrap().last_day(),
            d("2014-03-15")
        );
        for bad in ["2014Q5", "2014-13", "2014-02-30", "Q1", ""] {
            assert!(bad.parse::<Due>().is_err(), "{bad}");
        }
        assert_eq!("2014-03".parse::<Due>().unwrap().to_string(), "2014-03");
    }
}

/// A progress note on a milestone.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressNote {
    /// The day it reports on.
    pub noted_on: NaiveDate,
    /// The status it set.
    pub status: MilestoneStatus,
    /// What was done.
    pub note: String,
}

/// A stored milestone.
#[derive(Debug, Clone, PartialEq)]
pub struct Milestone {
    /// `pm-…`.
    pub id: String,
    /// What is to be reached.
    pub description: String,
    /// When it is due.
    pub due: Due,
    /// Where it stands.
    pub status: MilestoneStatus,
    /// When it was done.
    pub done_on: Option<NaiveDate>,
    /// Progress notes, oldest first.
    pub notes: Vec<ProgressNote>,
}

impl Milestone {
    /// Whether it is past due and not done on `today`.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.status != MilestoneStatus::Done && self.due.last_day() < today
    }
}

/// A stored task.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// `pt-…`.
    pub id: String,
    /// The measure.
    pub measure: String,
    /// The goal.
    pub goal: String,
    /// The content.
    pub content: String,
    /// The lead unit.
    pub lead_unit: UnitRef,
    /// Supporting units.
    pub supporting_units: Vec<UnitRef>,
    /// Milestones in order.
    pub milestones: Vec<Milestone>,
}

/// A stored plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// `wp-…`.
    pub id: String,
    /// The year.
    pub year: i32,
    /// The title.
    pub title: String,
    /// Who issued it.
    pub issuing_body: String,
    /// Demonstration data.
    pub demonstration: bool,
    /// Where it comes from.
    pub source: Option<String>,
    /// Tasks in order.
    pub tasks: Vec<Task>,
}

impl Plan {
    /// A new plan from a checked draft and its parsed due dates.
    pub fn new(id: String, draft: PlanDraft, dues: Vec<Vec<Due>>) -> Self {
        let tasks = (draft.tasks.into_iter().zip(dues))
            .map(|(t, dues)| Task {
                id: format!("pt-{}", uuid::Uuid::now_v7().simple()),
                measure: t.measure.trim().into(),
                goal: t.goal.trim().into(),
                content: t.content.trim().into(),
                lead_unit: t.lead_unit,
                supporting_units: t.supporting_units,
                milestones: (t.milestones.into_iter().zip(dues))
                    .map(|(m, due)| Milestone {
                        id: format!("pm-{}", uuid::Uuid::now_v7().simple()),
                        description: m.description.trim().into(),
                        due,
                        status: MilestoneStatus::NotStarted,
                        done_on: None,
                        notes: Vec::new(),
                    })
                    .collect(),
            })
            .collect();
        Plan {
            id,
            year: draft.year,
            title: draft.title.trim().into(),
            issuing_body: draft.issuing_body.trim().into(),
            demonstration: draft.demonstration,
            source: draft.source,
            tasks,
        }
    }

    /// The milestones past due and not done on `today`, with their task.
    pub fn overdue(&self, today: NaiveDate) -> Vec<(&Task, &Milestone)> {
        (self.tasks.iter())
            .flat_map(|t| t.milestones.iter().map(move |m| (t, m)))
            .filter(|(_, m)| m.overdue(today))
            .collect()
    }
}
