//! Opening hours of an outlet (办公时间).

use actix_web::{get, put, web, HttpResponse};
use chrono::{DateTime, FixedOffset, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::http::auth::Admin;
use crate::api::http::extract::ValidJson;
use crate::db::matters::HoursRow;
use crate::db::{self};
use crate::directory::catalogue::OpeningNow;
use crate::domain::hours::{Interval, OpeningHours};
use crate::error::{AppError, Resource};
use crate::state::AppState;

type Problem = crate::error::Problem;

/// Whether an outlet is open, computed when the response is made.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OpeningDto {
    /// Open right now; `null` when this year's official calendar is not published.
    pub open_now: Option<bool>,
    /// The next opening time (China Standard Time), within two months.
    pub next_open_at: Option<DateTime<FixedOffset>>,
    /// Today's hours (local date); `null` when the calendar is not published.
    pub today: Option<Vec<Interval>>,
}

impl From<OpeningNow> for OpeningDto {
    fn from(o: OpeningNow) -> Self {
        Self {
            open_now: o.open_now,
            next_open_at: o.next_open_at,
            today: o.today,
        }
    }
}

/// An outlet's hours with what they mean right now.
#[derive(Debug, Serialize, ToSchema)]
pub struct HoursDto {
    /// The outlet.
    pub outlet_id: String,
    /// The schedule.
    pub hours: OpeningHours,
    /// Computed as of the request.
    pub opening: OpeningDto,
}

/// An outlet's opening hours.
#[utoipa::path(tag = "outlets", params(("id" = String, Path, description = "Outlet id")), responses(
    (status = 200, description = "The hours", body = HoursDto),
    (status = 404, description = "No such outlet, or no hours published", body = Problem, content_type = "application/problem+json")))]
#[get("/outlets/{id}/hours")]
pub async fn get_hours(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let dir = state.directory();
    dir.outlets
        .get(&id)
        .ok_or_else(|| AppError::not_found(Resource::Outlet, &id))?;
    let hours = dir
        .catalogue
        .hours
        .get(id.as_str())
        .ok_or_else(|| AppError::not_found(Resource::OpeningHours, &id))?;
    let opening = dir
        .catalogue
        .opening(&id, state.now())
        .map(OpeningDto::from)
        .expect("hours exist");
    Ok(HttpResponse::Ok().json(HoursDto {
        outlet_id: id.into_inner(),
        hours: hours.clone(),
        opening,
    }))
}

/// Sets an outlet's opening hours (admin).
#[utoipa::path(tag = "outlets", params(("id" = String, Path, description = "Outlet id")), request_body = OpeningHours, security(("api_key" = [])), responses(
    crate::api::http::responses::AdminOnly,
    (status = 200, description = "Stored", body = HoursDto),
    (status = 404, description = "No such outlet", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid hours", body = Problem, content_type = "application/problem+json")))]
#[put("/outlets/{id}/hours")]
pub async fn put_hours(
    _admin: Admin,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<OpeningHours>,
) -> Result<HttpResponse, AppError> {
    let (id, hours) = (id.into_inner(), body.0);
    state
        .directory()
        .outlets
        .get(&id)
        .ok_or_else(|| AppError::not_found(Resource::Outlet, &id))?;
    hours
        .validate()
        .map_err(|e| AppError::invalid(e.field, e.reason))?;
    let row = HoursRow {
        outlet_id: id.clone(),
        schedule: serde_json::to_string(&hours).map_err(anyhow::Error::from)?,
        updated_at: Utc::now().naive_utc(),
    };
    state
        .write(move |conn| {
            let what = format!("hours/{}", row.outlet_id);
            db::changes::write_logged(conn, (db::changes::entity::CATALOGUE, &what), |conn| {
                Ok(db::matters::save_hours(conn, &row)?)
            })
        })
        .await?;
    let mut dir = state.directory_mut();
    dir.catalogue.hours.insert(id.clone(), hours.clone());
    let opening = dir
        .catalogue
        .opening(&id, state.now())
        .map(OpeningDto::from)
        .expect("hours exist");
    Ok(HttpResponse::Ok().json(HoursDto {
        outlet_id: id,
        hours,
        opening,
    }))
}
