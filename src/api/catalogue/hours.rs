//! Opening hours of an outlet (办公时间).

use actix_web::{get, put, web, HttpResponse};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::http::auth::Admin;
use crate::api::http::extract::{ValidJson, ValidQuery};
use crate::directory::catalogue::OpeningNow;
use crate::directory::store::store_hours;
use crate::domain::audit::{Change, Who};
use crate::domain::hours::{Interval, OpeningHours};
use crate::domain::vocab::OutletStatus;
use crate::error::{AppError, Resource};
use crate::i18n::Text;
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

impl From<OpeningNow<'_>> for OpeningDto {
    fn from(o: OpeningNow<'_>) -> Self {
        Self {
            open_now: o.open_now,
            next_open_at: o.next_open_at,
            today: o.today.map(<[Interval]>::to_vec),
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
    /// The hours of the days asked for with `date` or `from`/`to`, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub days: Vec<DayHoursDto>,
}

/// The hours of one day, holidays and make-up working days applied.
#[derive(Debug, Serialize, ToSchema)]
pub struct DayHoursDto {
    /// The date (China Standard Time).
    pub date: NaiveDate,
    /// The intervals; empty when closed. `null` when the year's calendar is not published.
    pub intervals: Option<Vec<Interval>>,
}

/// The days whose hours to show.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HoursQuery {
    /// One day, `YYYY-MM-DD`.
    pub date: Option<NaiveDate>,
    /// First day of a range (with `to`), at most 62 days.
    pub from: Option<NaiveDate>,
    /// Last day of a range (with `from`).
    pub to: Option<NaiveDate>,
}

impl HoursQuery {
    /// The days asked for: none, one, or a range of at most 62.
    fn days(&self) -> Result<Vec<NaiveDate>, AppError> {
        let range = match (self.date, self.from, self.to) {
            (None, None, None) => return Ok(Vec::new()),
            (Some(d), None, None) => (d, d),
            (None, Some(f), Some(t)) if f <= t && (t - f).num_days() < 62 => (f, t),
            _ => {
                return Err(AppError::bad_request(
                    "date",
                    Text::new(
                        "给出 `date`，或 `from` 与 `to`（不早于 `from`，最多 62 天）",
                        "give `date`, or `from` and `to` (not before `from`, at most 62 days)",
                    ),
                ))
            }
        };
        Ok(range.0.iter_days().take_while(|d| *d <= range.1).collect())
    }
}

/// An outlet's opening hours.
#[utoipa::path(tag = "outlets", params(("id" = String, Path, description = "Outlet id"), HoursQuery), responses(
    (status = 200, description = "The hours", body = HoursDto),
    (status = 400, description = "Bad `date`, `from` or `to`", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such outlet, no hours published, or the outlet is closed", body = Problem, content_type = "application/problem+json")))]
#[get("/outlets/{id}/hours")]
pub async fn get_hours(
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: ValidQuery<HoursQuery>,
) -> Result<HttpResponse, AppError> {
    let days = query.0.days()?;
    let dir = state.directory();
    let outlet = dir
        .outlets
        .get(&id)
        .ok_or_else(|| AppError::not_found(Resource::Outlet, &id))?;
    if outlet.status() == OutletStatus::Closed {
        // A closed outlet has no opening times, whatever was published before.
        return Err(AppError::not_found(Resource::OpeningHours, &id));
    }
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
    let days = days
        .into_iter()
        .map(|date| DayHoursDto {
            date,
            intervals: (hours.intervals_on(date, &dir.catalogue.calendar).ok()).map(<[_]>::to_vec),
        })
        .collect();
    Ok(HttpResponse::Ok().json(HoursDto {
        outlet_id: id.into_inner(),
        hours: hours.clone(),
        opening,
        days,
    }))
}

/// Sets an outlet's opening hours (admin).
#[utoipa::path(tag = "outlets", params(("id" = String, Path, description = "Outlet id")), request_body = OpeningHours, security(("api_key" = [])), responses(
    crate::api::http::responses::AdminOnly,
    (status = 200, description = "Stored", body = HoursDto),
    (status = 404, description = "No such outlet", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The outlet is closed", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid hours", body = Problem, content_type = "application/problem+json")))]
#[put("/outlets/{id}/hours")]
pub async fn put_hours(
    Admin(admin): Admin,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<OpeningHours>,
) -> Result<HttpResponse, AppError> {
    let (id, hours) = (id.into_inner(), body.0);
    let closed = (state.directory().outlets.get(&id))
        .ok_or_else(|| AppError::not_found(Resource::Outlet, &id))?
        .status()
        == OutletStatus::Closed;
    if closed {
        return Err(AppError::conflict(
            "网点已关闭，不能设置办公时间",
            "the outlet is closed and takes no opening hours",
        ));
    }
    hours
        .validate()
        .map_err(|e| AppError::invalid(e.field, e.reason))?;
    let change = Change::new("hours.replace", "hours", &id)
        .before(state.directory().catalogue.hours.get(&id))
        .after(&hours);
    let (who, now) = (Who::from(&admin), Utc::now().naive_utc());
    let (stored_id, stored) = (id.clone(), hours.clone());
    state
        .write(move |conn| store_hours(conn, (&stored_id, &stored, now), (&who, &change)))
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
        days: Vec::new(),
    }))
}
