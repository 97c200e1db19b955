//! Due dates counted on the calendar.

use actix_web::{get, web, HttpResponse};
use chrono::Datelike;

use super::{provisional_refused, unpublished, DueDate, DueDateQuery};
use crate::api::http::extract::ValidQuery;
use crate::domain::calendar::DayKind;
use crate::error::{AppError, Problem};
use crate::i18n::Text;
use crate::state::AppState;

/// The last day of a period counted in working or calendar days.
#[utoipa::path(tag = "calendar", params(DueDateQuery), responses(
    (status = 200, description = "The due date", body = DueDate),
    (status = 400, description = "Bad parameter", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "A year on the way is not published (and `provisional=true` was not given), or has no calendar at all", body = Problem, content_type = "application/problem+json")))]
#[get("/calendar/due-date")]
pub async fn due_date(
    state: web::Data<AppState>,
    query: ValidQuery<DueDateQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    if q.days > 3650 {
        return Err(AppError::bad_request(
            "days",
            Text::new("须为 0 到 3650", "must be from 0 to 3650"),
        ));
    }
    let day_kind = q.day_kind.unwrap_or(DayKind::Working);
    let calendar = &state.directory().catalogue.calendar;
    let due = calendar
        .due_date(q.start, q.days, day_kind)
        .map_err(|e| unpublished("start", e))?;
    if due.provisional && !q.provisional.unwrap_or(false) {
        let year = calendar.first_unpublished(q.start, due.value);
        return Err(provisional_refused(
            "start",
            year.unwrap_or(due.value.year()),
        ));
    }
    Ok(HttpResponse::Ok().json(DueDate {
        start: q.start,
        days: q.days,
        day_kind,
        due: due.value,
        provisional: due.provisional,
    }))
}
