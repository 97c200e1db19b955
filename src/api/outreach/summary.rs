//! The outcome summary (成效汇总表) of a campaign per city and province, and
//! the cities below its rules.

use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::http::auth::StatsReader;
use crate::api::http::csv::{csv, wants_csv};
use crate::api::http::extract::ValidQuery;
use crate::directory::Directory;
use crate::domain::outreach::summary::{by_city, by_province, Figures};
use crate::domain::outreach::vocab::EventType;
use crate::error::AppError;
use crate::outreach::summary;
use crate::state::AppState;

/// The answer's format.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FormatQuery {
    /// `json` (default) or `csv`; `Accept: text/csv` also gives CSV.
    #[param(inline)]
    pub format: Option<crate::api::http::csv::TableFormat>,
}

/// The figures of an area: every one the sum of its held events'.
#[derive(Debug, Serialize, ToSchema)]
pub struct AreaFigures {
    /// `city`, `province` or `total`.
    #[schema(example = "city")]
    pub level: String,
    /// The region (empty for the total).
    #[schema(example = "320500")]
    pub region_code: String,
    /// Its name.
    #[schema(example = "苏州市")]
    pub region_name: String,
    /// Held events.
    pub events_held: u64,
    /// Held events with an outcome recorded.
    pub events_reported: u64,
    /// Firms served.
    pub firms_served: u64,
    /// Attendees.
    pub attendees: u64,
    /// Trainings held.
    pub trainings_held: u64,
    /// Matchings held.
    pub matchings_held: u64,
    /// Pledge-financing deals.
    pub pledge_deals: u64,
    /// Their amount in whole yuan (exact).
    #[schema(example = 125000000)]
    pub pledge_amount_yuan: u64,
    /// Jobs offered.
    pub jobs_offered: u64,
}

impl AreaFigures {
    fn new(level: &str, (code, name): (String, String), f: Figures) -> Self {
        Self {
            level: level.into(),
            region_code: code,
            region_name: name,
            events_held: f.events_held,
            events_reported: f.events_reported,
            firms_served: f.firms_served,
            attendees: f.attendees,
            trainings_held: f.trainings_held,
            matchings_held: f.matchings_held,
            pledge_deals: f.pledge_deals,
            pledge_amount_yuan: f.pledge_amount_yuan,
            jobs_offered: f.jobs_offered,
        }
    }

    fn row(&self) -> Vec<String> {
        let n = [
            self.events_held,
            self.events_reported,
            self.firms_served,
            self.attendees,
            self.trainings_held,
            self.matchings_held,
            self.pledge_deals,
            self.pledge_amount_yuan,
            self.jobs_offered,
        ];
        [
            self.level.clone(),
            self.region_code.clone(),
            self.region_name.clone(),
        ]
        .into_iter()
        .chain(n.iter().map(u64::to_string))
        .collect()
    }
}

/// A campaign's outcome summary.
#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignSummary {
    /// The campaign.
    pub campaign_id: String,
    /// Per city, by code.
    pub cities: Vec<AreaFigures>,
    /// Per province, by code.
    pub provinces: Vec<AreaFigures>,
    /// The whole campaign.
    pub total: AreaFigures,
}

fn named(dir: &Directory, code: &str) -> (String, String) {
    (
        code.to_owned(),
        dir.regions
            .get(code)
            .map(|r| r.name.clone())
            .unwrap_or_default(),
    )
}

const COLUMNS: [&str; 12] = [
    "level",
    "region_code",
    "region_name",
    "events_held",
    "events_reported",
    "firms_served",
    "attendees",
    "trainings_held",
    "matchings_held",
    "pledge_deals",
    "pledge_amount_yuan",
    "jobs_offered",
];

/// The outcome summary per city and province (public: aggregated figures only); JSON or CSV.
#[utoipa::path(tag = "outreach", params(("id" = String, Path, description = "Campaign id"), FormatQuery), responses(
    (status = 200, description = "The summary (CSV with `format=csv` or `Accept: text/csv`)", content((CampaignSummary = "application/json"), (String = "text/csv"))),
    (status = 400, description = "Bad format", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such campaign", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/campaigns/{id}/summary")]
pub async fn campaign_summary(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    q: ValidQuery<FormatQuery>,
) -> Result<HttpResponse, AppError> {
    let (campaign, events) = state.db(move |conn| summary::load(conn, &id)).await?;
    let cities = by_city(&events);
    let provinces = by_province(&cities);
    let mut total = Figures::default();
    provinces.values().for_each(|f| total.merge(f));
    let report = {
        let dir = state.directory();
        CampaignSummary {
            campaign_id: campaign.id.clone(),
            cities: cities
                .into_iter()
                .map(|(c, f)| AreaFigures::new("city", named(&dir, &c), f))
                .collect(),
            provinces: provinces
                .into_iter()
                .map(|(p, f)| AreaFigures::new("province", named(&dir, &p), f))
                .collect(),
            total: AreaFigures::new("total", (String::new(), campaign.draft.name.clone()), total),
        }
    };
    if !wants_csv(&req, q.0.format) {
        return Ok(HttpResponse::Ok().json(report));
    }
    let rows = (report
        .cities
        .iter()
        .chain(&report.provinces)
        .chain([&report.total]))
    .map(AreaFigures::row)
    .collect();
    Ok(csv(&COLUMNS, rows, &format!("summary-{}.csv", campaign.id)))
}

/// A city below one of the campaign's rules.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShortfallDto {
    /// The city.
    #[schema(example = "320500")]
    pub city_code: String,
    /// Its name.
    pub city_name: String,
    /// The type the rule counts (`null`: any).
    pub event_type: Option<EventType>,
    /// For a monthly rule, the month (`2026-05`).
    pub month: Option<String>,
    /// Events the rule asks for.
    #[schema(example = 2)]
    pub required: u32,
    /// Events counted (those not cancelled).
    #[schema(example = 1)]
    pub counted: u32,
}

/// Cities below the rules.
#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignCompliance {
    /// The campaign.
    pub campaign_id: String,
    /// By rule, city and month.
    pub items: Vec<ShortfallDto>,
}

/// A campaign's cities below its rules.
///
/// Cities below the campaign's per-city minimums, and key cities below a
/// monthly rule in an ended month (admins, operators, auditors).
#[utoipa::path(tag = "outreach", params(("id" = String, Path, description = "Campaign id")), security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "Shortfalls", body = CampaignCompliance),
    (status = 403, description = "Not an admin, operator or auditor key", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such campaign", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/campaigns/{id}/compliance")]
pub async fn campaign_compliance(
    _reader: StatsReader,
    state: web::Data<AppState>,
    id: web::Path<String>,
    _q: ValidQuery<crate::api::http::params::NoQuery>,
) -> Result<HttpResponse, AppError> {
    let (campaign, events) = state.db(move |conn| summary::load(conn, &id)).await?;
    let dir = state.directory();
    let items = (summary::compliance(&dir, &campaign, &events, state.today()).into_iter())
        .map(|s| ShortfallDto {
            city_name: named(&dir, &s.city_code).1,
            city_code: s.city_code,
            event_type: s.event_type,
            month: s.month.map(|(y, m)| format!("{y}-{m:02}")),
            required: s.required,
            counted: s.counted,
        })
        .collect();
    Ok(HttpResponse::Ok().json(CampaignCompliance {
        campaign_id: campaign.id,
        items,
    }))
}
