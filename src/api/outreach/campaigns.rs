//! Campaigns: drafted by the office, read by everyone.

use actix_web::http::header;
use actix_web::{get, post, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::http::auth::HotlineDesk;
use crate::api::http::extract::{ValidJson, ValidQuery};
use crate::api::http::params::NoQuery;
use crate::db::outreach::{self, CampaignRow};
use crate::domain::outreach::event::{Campaign, CampaignDraft};
use crate::error::{AppError, Resource};
use crate::state::AppState;

/// A campaign.
#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignDto {
    /// Id.
    #[schema(example = "oc-0193a1b2c3d47e8f9a0b1c2d3e4f5a6b")]
    pub id: String,
    /// The campaign as drafted.
    #[serde(flatten)]
    pub draft: CampaignDraft,
}

/// Campaigns.
#[derive(Debug, Serialize, ToSchema)]
pub struct Campaigns {
    /// Latest start first.
    pub items: Vec<CampaignDto>,
}

impl From<Campaign> for CampaignDto {
    fn from(c: Campaign) -> Self {
        Self {
            id: c.id,
            draft: c.draft,
        }
    }
}

/// Adds a campaign with its per-city minimums and monthly rules (admins, operators).
#[utoipa::path(tag = "outreach", request_body = CampaignDraft, security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 201, description = "Added", body = CampaignDto),
    (status = 403, description = "Not an admin or operator key", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = crate::error::Problem, content_type = "application/problem+json")))]
#[post("/campaigns")]
pub async fn create_campaign(
    _desk: HotlineDesk,
    state: web::Data<AppState>,
    body: ValidJson<CampaignDraft>,
) -> Result<HttpResponse, AppError> {
    let draft = body.0;
    draft
        .validate()
        .map_err(|e| AppError::invalid(e.field, e.reason))?;
    {
        let dir = state.directory();
        dir.check_region("region_code", Some(&draft.region_code))?;
        dir.check_regions("monthly", draft.monthly.iter().flat_map(|m| &m.cities))?;
    }
    let campaign = Campaign {
        id: format!("oc-{}", uuid::Uuid::now_v7().simple()),
        draft,
    };
    let row = CampaignRow::of(&campaign, state.now().naive_utc())?;
    state
        .write(move |conn| Ok(outreach::insert_campaign(conn, &row)?))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/campaigns/{}", campaign.id),
        ))
        .json(CampaignDto::from(campaign)))
}

/// Lists campaigns (public).
#[utoipa::path(tag = "outreach", responses((status = 200, description = "Campaigns", body = Campaigns)))]
#[get("/campaigns")]
pub async fn list_campaigns(
    state: web::Data<AppState>,
    _q: ValidQuery<NoQuery>,
) -> Result<HttpResponse, AppError> {
    let all = state.db(|conn| Ok(outreach::campaigns(conn)?)).await?;
    Ok(HttpResponse::Ok().json(Campaigns {
        items: all.into_iter().map(Into::into).collect(),
    }))
}

/// One campaign (public).
#[utoipa::path(tag = "outreach", params(("id" = String, Path, description = "Campaign id")), responses(
    (status = 200, description = "The campaign", body = CampaignDto),
    (status = 404, description = "No such campaign", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/campaigns/{id}")]
pub async fn get_campaign(
    state: web::Data<AppState>,
    id: web::Path<String>,
    _q: ValidQuery<NoQuery>,
) -> Result<HttpResponse, AppError> {
    let found = state
        .db(move |conn| {
            outreach::campaign(conn, &id)?
                .ok_or_else(|| AppError::not_found(Resource::Campaign, &id))
        })
        .await?;
    Ok(HttpResponse::Ok().json(CampaignDto::from(found)))
}
