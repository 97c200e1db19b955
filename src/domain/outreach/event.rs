//! Campaigns and their events, and the outcomes of held events.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::vocab::{AttendanceMode, EventStatus, EventType};
use crate::domain::coords::CoordSys;
use crate::domain::length::within;
use crate::domain::outlet::{fail, optional_site, FieldError};
use crate::domain::point::LngLat;

/// At least `per_city` events of a type in every city of the campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Minimum {
    /// The event type.
    pub event_type: EventType,
    /// Events per city, at least.
    #[schema(example = 2, minimum = 1, maximum = 1000)]
    pub per_city: u32,
}

/// At least `per_month` events (of a type, or any) in each listed city every month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MonthlyRule {
    /// Only this type; any type when omitted.
    pub event_type: Option<EventType>,
    /// The key cities (prefecture codes): 1 to 500.
    #[schema(example = json!(["320100", "320500"]), schema_with = cities_schema)]
    pub cities: Vec<String>,
    /// Events a month, at least.
    #[schema(example = 1, minimum = 1, maximum = 100)]
    pub per_month: u32,
}

fn cities_schema() -> utoipa::openapi::schema::Array {
    crate::domain::length::code_list(
        Some(500),
        crate::domain::length::REGION_CODE,
        "The key cities (prefecture codes): 1 to 500.",
    )
}

/// A campaign (e.g. 知识产权服务万里行) as drafted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignDraft {
    /// Its name.
    #[schema(example = "2026年知识产权服务万里行", max_length = 200)]
    pub name: String,
    /// Its theme.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub theme: String,
    /// Who issued it.
    #[schema(example = "江苏省知识产权局", max_length = 100)]
    pub issuing_body: String,
    /// The province or city it covers; its cities are held to the minimums.
    #[schema(example = "320000", pattern = "^[0-9]{6}(P[0-9]{2})?$")]
    pub region_code: String,
    /// First day.
    #[schema(value_type = String, format = Date, example = "2026-04-01")]
    pub starts_on: NaiveDate,
    /// Last day.
    #[schema(value_type = String, format = Date, example = "2026-11-30")]
    pub ends_on: NaiveDate,
    /// Per-city minimums by event type.
    #[serde(default)]
    pub minimums: Vec<Minimum>,
    /// Monthly frequency rules for key cities.
    #[serde(default)]
    pub monthly: Vec<MonthlyRule>,
}

/// A stored campaign.
#[derive(Debug, Clone, PartialEq)]
pub struct Campaign {
    /// `oc-…`.
    pub id: String,
    /// What was drafted.
    pub draft: CampaignDraft,
}

impl CampaignDraft {
    /// Checks lengths, dates and rules (regions are checked by the caller).
    pub fn validate(&self) -> Result<(), FieldError> {
        if !within(&self.name, 2..=200) || self.theme.chars().count() > 500 {
            return Err(fail(
                "name",
                "名称须为 2 到 200 个字符，主题最多 500 字",
                "name must be 2 to 200 characters, theme at most 500",
            ));
        }
        if !within(&self.issuing_body, 2..=100) {
            return Err(fail(
                "issuing_body",
                "须为 2 到 100 个字符",
                "must be 2 to 100 characters",
            ));
        }
        if self.ends_on < self.starts_on || (self.ends_on - self.starts_on).num_days() > 1100 {
            return Err(fail(
                "ends_on",
                "不能早于开始日，且不超过三年",
                "must not be before starts_on, at most three years later",
            ));
        }
        if self
            .minimums
            .iter()
            .any(|m| m.per_city == 0 || m.per_city > 1000)
            || self.monthly.iter().any(|m| {
                m.per_month == 0 || m.per_month > 100 || !(1..=500).contains(&m.cities.len())
            })
        {
            return Err(fail(
                "minimums",
                "每项下限须为正数，月度规则须列出 1 到 500 个城市",
                "each minimum must be positive and each monthly rule name 1 to 500 cities",
            ));
        }
        Ok(())
    }
}

/// An event as drafted (活动).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventDraft {
    /// The campaign it belongs to.
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub campaign_id: Option<String>,
    /// Its type.
    pub event_type: EventType,
    /// Its title.
    #[schema(example = "苏州知识产权质押融资银企对接会", max_length = 200)]
    pub title: String,
    /// Details for the public.
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub description: String,
    /// The organising outlet (outlet staff may only record their own outlet's events).
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub organiser_outlet_id: Option<String>,
    /// An organiser outside the directory, 2 to 200 characters.
    #[schema(min_length = 2, max_length = 200)]
    pub organiser_name: Option<String>,
    /// The region it takes place in.
    #[schema(example = "320505", pattern = "^[0-9]{6}(P[0-9]{2})?$")]
    pub region_code: String,
    /// The venue, or the platform when online.
    #[schema(example = "苏州国际博览中心B馆", max_length = 200)]
    pub place: String,
    /// Latitude of the venue, in `coord_sys`.
    pub lat: Option<f64>,
    /// Longitude of the venue, in `coord_sys`.
    pub lng: Option<f64>,
    /// System of `lat`/`lng`; default `wgs84`.
    #[serde(default)]
    pub coord_sys: CoordSys,
    /// When it starts (RFC 3339).
    #[schema(value_type = String, format = DateTime, example = "2026-12-10T09:30:00+08:00")]
    pub starts_at: DateTime<FixedOffset>,
    /// When it ends.
    #[schema(value_type = String, format = DateTime, example = "2026-12-10T11:30:00+08:00")]
    pub ends_at: DateTime<FixedOffset>,
    /// Online, offline or hybrid.
    pub attendance_mode: AttendanceMode,
    /// Default `scheduled`.
    #[serde(default = "scheduled")]
    pub status: EventStatus,
    /// Where to register (http or https), at most 500 characters.
    #[schema(max_length = 500)]
    pub registration_url: Option<String>,
}

fn scheduled() -> EventStatus {
    EventStatus::Scheduled
}

/// A stored event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// `ev-…`.
    pub id: String,
    /// What was drafted (positions converted).
    pub draft: EventDraft,
    /// The venue, WGS-84.
    pub location: Option<LngLat>,
    /// The prefecture-level city it is in.
    pub city_code: String,
    /// Bumped on each change.
    pub version: i64,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl EventDraft {
    /// Checks the draft; the venue in WGS-84.
    pub fn validate(&self) -> Result<Option<LngLat>, FieldError> {
        if !within(&self.title, 2..=200) || self.description.chars().count() > 5000 {
            return Err(fail(
                "title",
                "标题须为 2 到 200 个字符，说明最多 5000 字",
                "title must be 2 to 200 characters, description at most 5,000",
            ));
        }
        if self.organiser_outlet_id.is_some() == self.organiser_name.is_some() {
            return Err(fail(
                "organiser_outlet_id",
                "须给出主办网点或主办单位名称之一",
                "give organiser_outlet_id or organiser_name, not both",
            ));
        }
        if self
            .organiser_name
            .as_ref()
            .is_some_and(|n| !within(n, 2..=200))
        {
            return Err(fail(
                "organiser_name",
                "须为 2 到 200 个字符",
                "must be 2 to 200 characters",
            ));
        }
        if !within(&self.place, 2..=200) {
            return Err(fail(
                "place",
                "须为 2 到 200 个字符",
                "must be 2 to 200 characters",
            ));
        }
        if self.ends_at < self.starts_at || (self.ends_at - self.starts_at).num_days() > 31 {
            return Err(fail(
                "ends_at",
                "不能早于开始时间，且不超过 31 天",
                "must not be before starts_at, at most 31 days later",
            ));
        }
        let link_ok = |u: &String| {
            u.chars().count() <= 500
                && url::Url::parse(u).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
        };
        if self.registration_url.as_ref().is_some_and(|u| !link_ok(u)) {
            return Err(fail(
                "registration_url",
                "须为 500 字符以内的 http(s) 链接",
                "must be an http(s) link of at most 500 characters",
            ));
        }
        optional_site((self.lng, self.lat), self.coord_sys)
    }
}

/// An event with its outcome, when one was recorded.
pub type Reported = (Event, Option<Outcome>);

/// The largest count an outcome takes: beyond it a figure is a typo, and
/// summaries stay far from overflow.
pub const MAX_OUTCOME_COUNT: u32 = 100_000_000;

/// What a held event achieved (成效).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// Firms served.
    #[schema(example = 36, maximum = 100_000_000)]
    pub firms_served: u32,
    /// Attendees.
    #[schema(maximum = 100_000_000)]
    pub attendees: u32,
    /// Training sessions held.
    #[schema(maximum = 100_000_000)]
    pub trainings_held: u32,
    /// Matchings held (bank–enterprise, supply–demand).
    #[schema(maximum = 100_000_000)]
    pub matchings_held: u32,
    /// Pledge-financing deals signed.
    #[schema(maximum = 100_000_000)]
    pub pledge_deals: u32,
    /// Their amount, in whole yuan (exact).
    #[schema(example = 125000000, maximum = 1_000_000_000_000_000_u64)]
    pub pledge_amount_yuan: u64,
    /// Jobs offered.
    #[schema(maximum = 100_000_000)]
    pub jobs_offered: u32,
    /// Free-form highlights.
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub highlights: String,
}

impl Outcome {
    /// Checks the figures' bounds.
    pub fn validate(&self) -> Result<(), FieldError> {
        let counts = [
            ("firms_served", self.firms_served),
            ("attendees", self.attendees),
            ("trainings_held", self.trainings_held),
            ("matchings_held", self.matchings_held),
            ("pledge_deals", self.pledge_deals),
            ("jobs_offered", self.jobs_offered),
        ];
        if let Some((field, _)) = counts.iter().find(|(_, n)| *n > MAX_OUTCOME_COUNT) {
            return Err(fail(field, "不能超过一亿", "must be at most 100,000,000"));
        }
        // 10^15 yuan is beyond any pledge; the bound keeps sums far from overflow.
        if self.pledge_amount_yuan > 1_000_000_000_000_000 {
            return Err(fail("pledge_amount_yuan", "金额过大", "too large"));
        }
        if self.pledge_amount_yuan > 0 && self.pledge_deals == 0 {
            return Err(fail(
                "pledge_deals",
                "有融资金额时须有签约笔数",
                "a pledge amount needs at least one deal",
            ));
        }
        if self.highlights.chars().count() > 5000 {
            return Err(fail(
                "highlights",
                "最多 5000 字",
                "at most 5,000 characters",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outcome_count_past_the_bound_is_refused_naming_it() {
        let mut outcome = Outcome {
            attendees: MAX_OUTCOME_COUNT,
            ..Outcome::default()
        };
        assert!(outcome.validate().is_ok());
        outcome.jobs_offered = MAX_OUTCOME_COUNT + 1;
        assert_eq!(outcome.validate().unwrap_err().field, "jobs_offered");
    }
}
