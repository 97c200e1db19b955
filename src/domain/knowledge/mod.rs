//! The knowledge base of answers (知识库, for 一线通答): entries with the
//! question, other phrasings, the answer in Markdown, whom it is for, where it
//! applies and when; and the search over entries and service matters
//! ([`search`]).

pub mod postings;
pub mod search;
pub mod text;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::outlet::{fail, FieldError};
use super::ticket::TicketCategory;
use crate::domain::length::within;

/// Who may read an entry.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    ToSchema,
    strum::EnumString,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Audience {
    /// Everyone (面向公众).
    Public,
    /// Hotline and outlet staff only (内部口径).
    Internal,
}

/// Where an entry is in its life.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    ToSchema,
    strum::EnumString,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum EntryStatus {
    /// Being written; never shown to the public.
    Draft,
    /// In use.
    Published,
    /// Withdrawn; never shown to the public.
    Retired,
}

/// A knowledge entry (知识条目) as written; also the body of create and replace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryContent {
    /// The question as a citizen would ask it.
    #[schema(example = "注册商标到期了如何办理续展？", max_length = 200)]
    pub question: String,
    /// Other ways people ask it (searched like the question).
    #[serde(default)]
    #[schema(schema_with = phrasings)]
    pub phrasings: Vec<String>,
    /// The answer, Markdown (raw HTML is shown as text).
    #[schema(max_length = 20000)]
    pub answer: String,
    /// The ticket category it belongs to.
    pub category: TicketCategory,
    /// Who may read it.
    pub audience: Audience,
    /// Draft, published or retired.
    pub status: EntryStatus,
    /// Service matters it cites (catalogue codes), at most 30.
    #[serde(default)]
    #[schema(schema_with = matter_codes_schema)]
    pub matter_codes: Vec<String>,
    /// Laws and rules it rests on: at most 30, each 1 to 500 characters.
    #[serde(default)]
    #[schema(schema_with = super::matter::legal_basis_schema)]
    pub legal_basis: Vec<String>,
    /// Where it applies: `null` nationwide, or a region whose callers get it
    /// in preference to a nationwide entry (a local override).
    #[schema(pattern = "^[0-9]{6}(P[0-9]{2})?$")]
    pub region_code: Option<String>,
    /// First day it applies.
    pub valid_from: Option<NaiveDate>,
    /// Last day it applies.
    pub valid_to: Option<NaiveDate>,
    /// The outlet responsible for keeping it right.
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub owner_outlet_id: Option<String>,
    /// When it must be reviewed again.
    pub review_by: Option<NaiveDate>,
    /// Demonstration content shipped with the seed, not an official answer.
    #[serde(default)]
    pub demo: bool,
}

fn phrasings() -> utoipa::openapi::schema::Array {
    crate::domain::length::text_list(
        30,
        200,
        "Other ways people ask it (searched like the question): at most 30, each 1 to 200 characters.",
    )
}

fn matter_codes_schema() -> utoipa::openapi::schema::Array {
    super::length::code_list(
        Some(30),
        super::length::MATTER_CODE,
        "Service matters it cites (catalogue codes), at most 30.",
    )
}

impl EntryContent {
    /// Checks lengths and dates; `matter_exists` checks the cited matters.
    pub fn validate(&self, matter_exists: impl Fn(&str) -> bool) -> Result<(), FieldError> {
        if !within(&self.question, 2..=200) {
            return Err(fail(
                "question",
                "须为 2 到 200 个字符",
                "must be 2 to 200 characters",
            ));
        }
        if self.phrasings.len() > 30 || self.phrasings.iter().any(|p| !within(p, 1..=200)) {
            return Err(fail(
                "phrasings",
                "最多 30 条，每条 1 到 200 个字符",
                "at most 30, each 1 to 200 characters",
            ));
        }
        if !within(&self.answer, 1..=20_000) {
            return Err(fail(
                "answer",
                "须为 1 到 20000 个字符",
                "must be 1 to 20,000 characters",
            ));
        }
        if !super::matter::legal_basis_ok(&self.legal_basis) {
            return Err(fail(
                "legal_basis",
                "最多 30 条，每条 1 到 500 个字符",
                "at most 30, each 1 to 500 characters",
            ));
        }
        if self.matter_codes.len() > 30 {
            return Err(fail("matter_codes", "最多 30 个", "at most 30"));
        }
        if let Some(code) = self.matter_codes.iter().find(|c| !matter_exists(c)) {
            return Err(fail(
                "matter_codes",
                format!("服务事项 {code} 不存在"),
                format!("service matter {code} does not exist"),
            ));
        }
        if let (Some(from), Some(to)) = (self.valid_from, self.valid_to) {
            if to < from {
                return Err(fail(
                    "valid_to",
                    "不能早于生效日期",
                    "must not be before valid_from",
                ));
            }
        }
        Ok(())
    }

    /// Whether the public may read it on `today`.
    pub fn is_public_on(&self, today: NaiveDate) -> bool {
        self.audience == Audience::Public && self.is_current_on(today)
    }

    /// Whether it is published and in force on `today`.
    pub fn is_current_on(&self, today: NaiveDate) -> bool {
        self.status == EntryStatus::Published
            && self.valid_from.is_none_or(|d| d <= today)
            && self.valid_to.is_none_or(|d| today <= d)
    }
}

/// A stored entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Its id.
    pub id: String,
    /// What it says.
    pub content: EntryContent,
    /// Last change.
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// Version for `If-Match`.
    pub version: i64,
}
