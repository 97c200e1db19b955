//! People in the programme pool: service commissioners (服务专员) and special
//! envoys (特派员), with the qualification each programme asks for.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::vocab::{PersonRole, PoolStatus, ReviewStatus, TrainingStatus};
use crate::domain::contact::{email_expected, is_email, is_phone, phone_expected};
use crate::domain::length::within;
use crate::domain::outlet::{fail, FieldError};

/// Years of IP work a commissioner without an IP degree needs.
pub const COMMISSIONER_MIN_YEARS: u32 = 2;
/// Years of IP work an envoy needs.
pub const ENVOY_MIN_YEARS: u32 = 5;

/// A person as submitted or changed by the programme office.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonDraft {
    /// `commissioner` (服务专员) or `envoy` (特派员).
    pub role: PersonRole,
    /// Full name (personal data).
    #[schema(example = "王晓明", max_length = 50)]
    pub name: String,
    /// The employing unit (派出单位), to which evaluations are fed back.
    #[schema(example = "晋中市知识产权公共服务中心", max_length = 200)]
    pub employer: String,
    /// Phone (personal data: masked for admins, every full view logged): a
    /// valid Chinese number, at most 30 characters.
    #[schema(example = "13935400001", max_length = 30)]
    pub phone: Option<String>,
    /// Email (personal data), at most 254 characters.
    #[schema(max_length = 254)]
    pub email: Option<String>,
    /// Holds a degree in intellectual property.
    #[serde(default)]
    pub ip_degree: bool,
    /// Years of IP work: commissioners need 2 without an IP degree, envoys 5.
    #[schema(example = 6, maximum = 60)]
    pub ip_work_years: u32,
    /// Review of the submission; default `pending`.
    #[serde(default = "pending")]
    pub review_status: ReviewStatus,
    /// Training before service; default `not_trained`.
    #[serde(default = "not_trained")]
    pub training_status: TrainingStatus,
    /// Standing in the pool; default `candidate`. `active` needs an approved review.
    #[serde(default = "candidate")]
    pub pool_status: PoolStatus,
    /// Code of the region whose IP office submitted the person.
    #[schema(example = "140700", pattern = "^[0-9]{6}(P[0-9]{2})?$")]
    pub submitted_by_region: String,
    /// The outlet the person works from (所在服务网点), if any: their visits
    /// count towards its evaluation.
    #[serde(default)]
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub outlet_id: Option<String>,
}

fn pending() -> ReviewStatus {
    ReviewStatus::Pending
}
fn not_trained() -> TrainingStatus {
    TrainingStatus::NotTrained
}
fn candidate() -> PoolStatus {
    PoolStatus::Candidate
}

/// A stored person.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// `pp-…`.
    pub id: String,
    /// What was submitted, as changed since.
    pub draft: PersonDraft,
    /// When it was added.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Bumped on every change (the ETag).
    pub version: i64,
}

impl PersonDraft {
    /// Checks lengths, contacts, the qualification and the pool rule.
    pub fn validate(&self) -> Result<(), FieldError> {
        if !within(&self.name, 1..=50) {
            return Err(fail(
                "name",
                "须为 1 到 50 个字符",
                "must be 1 to 50 characters",
            ));
        }
        if !within(&self.employer, 2..=200) {
            return Err(fail(
                "employer",
                "须为 2 到 200 个字符",
                "must be 2 to 200 characters",
            ));
        }
        if self.phone.as_deref().is_some_and(|p| !is_phone(p)) {
            let t = phone_expected();
            return Err(fail("phone", t.zh, t.en));
        }
        if self.email.as_deref().is_some_and(|e| !is_email(e)) {
            let t = email_expected();
            return Err(fail("email", t.zh, t.en));
        }
        self.check_qualification()?;
        if self.pool_status == PoolStatus::Active && self.review_status != ReviewStatus::Approved {
            return Err(fail(
                "pool_status",
                "审核通过后才能在岗",
                "active needs review_status approved",
            ));
        }
        Ok(())
    }

    fn check_qualification(&self) -> Result<(), FieldError> {
        if self.ip_work_years > 60 {
            return Err(fail("ip_work_years", "不能超过 60", "must be at most 60"));
        }
        match self.role {
            PersonRole::Commissioner
                if !self.ip_degree && self.ip_work_years < COMMISSIONER_MIN_YEARS =>
            {
                Err(fail(
                    "ip_work_years",
                    "服务专员须有知识产权学位或从事知识产权工作满 2 年",
                    "a commissioner needs an IP degree or at least 2 years of IP work",
                ))
            }
            PersonRole::Envoy if self.ip_work_years < ENVOY_MIN_YEARS => Err(fail(
                "ip_work_years",
                "特派员须从事知识产权工作满 5 年",
                "an envoy needs at least 5 years of IP work",
            )),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(role: PersonRole, degree: bool, years: u32) -> PersonDraft {
        PersonDraft {
            role,
            name: "王晓明".into(),
            employer: "晋中市知识产权公共服务中心".into(),
            phone: Some("13935400001".into()),
            email: None,
            ip_degree: degree,
            ip_work_years: years,
            review_status: ReviewStatus::Pending,
            training_status: TrainingStatus::NotTrained,
            pool_status: PoolStatus::Candidate,
            submitted_by_region: "140700".into(),
            outlet_id: None,
        }
    }

    #[test]
    fn each_programme_asks_its_own_qualification() {
        assert!(draft(PersonRole::Commissioner, true, 0).validate().is_ok());
        assert!(draft(PersonRole::Commissioner, false, 2).validate().is_ok());
        let short = draft(PersonRole::Commissioner, false, 1)
            .validate()
            .unwrap_err();
        assert_eq!(short.field, "ip_work_years");
        assert!(
            draft(PersonRole::Envoy, true, 4).validate().is_err(),
            "a degree does not make an envoy"
        );
        assert!(draft(PersonRole::Envoy, false, 5).validate().is_ok());
    }

    #[test]
    fn only_an_approved_person_can_be_active() {
        let mut d = draft(PersonRole::Commissioner, true, 3);
        d.pool_status = PoolStatus::Active;
        assert_eq!(d.validate().unwrap_err().field, "pool_status");
        d.review_status = ReviewStatus::Approved;
        assert!(d.validate().is_ok());
    }
}
