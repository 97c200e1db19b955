//! Liveness, and what operators must do soon.

use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::calendar::local_date;
use crate::state::AppState;

/// Liveness answer.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always `ok`.
    #[schema(example = "ok")]
    pub status: &'static str,
    /// Present from 1 November while next year's holiday arrangement is not
    /// published: clocks running into it count a provisional calendar.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<CalendarNotice>,
}

/// Next year's calendar must be published.
#[derive(Serialize, ToSchema)]
pub struct CalendarNotice {
    /// The year not published yet.
    #[schema(example = 2027)]
    pub unpublished_year: i32,
    /// What to do.
    #[schema(example = "PUT /api/v1/calendar/2027 (admin) with the State Council's notice")]
    pub action: String,
}

/// Liveness probe: 200 while the process serves requests.
#[utoipa::path(tag = "meta", responses((status = 200, description = "Serving", body = Health)))]
#[get("/health")]
pub async fn health(state: web::Data<AppState>) -> HttpResponse {
    let today = local_date(state.now());
    let due = state.directory().catalogue.calendar.next_year_due(today);
    HttpResponse::Ok().json(Health {
        status: "ok",
        calendar: due.map(|year| CalendarNotice {
            unpublished_year: year,
            action: format!("PUT /api/v1/calendar/{year} (admin) with the State Council's notice"),
        }),
    })
}
