//! Hotline intake (public and operators) and the public status check.

use actix_web::http::header;
use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use super::auth::{hash_key, MaybeCaller};
use super::extract::{ValidJson, ValidQuery};
use super::regions::CoordQuery;
use super::ticket_dto::{
    PublicEvent, PublicStatus, ReporterDto, TicketDto, TicketInput, TicketReceipt,
};
use crate::db;
use crate::domain::coords::CoordSys;
use crate::domain::ticket::TicketChannel;
use crate::domain::vocab::Role;
use crate::error::AppError;
use crate::hotline::intake::{create, suggest, Actor, NewTicket, Reporter};
use crate::hotline::view::clocks;
use crate::i18n::Text;
use crate::state::{AppState, Directory};

type Problem = crate::error::Problem;

fn invalid(field: &str, zh: &str, en: &str) -> AppError {
    AppError::invalid(field, Text::new(zh, en))
}

fn text(value: &str, field: &str, max: usize) -> Result<String, AppError> {
    let v = value.trim();
    if v.is_empty() || v.chars().count() > max {
        return Err(invalid(
            field,
            &format!("须为 1 到 {max} 个字符"),
            &format!("must be 1 to {max} characters"),
        ));
    }
    Ok(v.to_owned())
}

fn reporter(r: ReporterDto) -> Result<Reporter, AppError> {
    let phone_ok = |p: &str| {
        (5..=20).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit() || "+- ".contains(c))
    };
    if r.phone.as_deref().is_some_and(|p| !phone_ok(p)) {
        return Err(invalid(
            "reporter.phone",
            "电话号码格式无效",
            "is not a phone number",
        ));
    }
    if r.email
        .as_deref()
        .is_some_and(|e| e.len() > 254 || !e.contains('@') || e.contains(char::is_whitespace))
    {
        return Err(invalid(
            "reporter.email",
            "电子邮箱格式无效",
            "is not an email address",
        ));
    }
    if r.name.as_deref().is_some_and(|n| n.chars().count() > 100)
        || r.organisation
            .as_deref()
            .is_some_and(|o| o.chars().count() > 200)
    {
        return Err(invalid(
            "reporter",
            "姓名或单位过长",
            "name or organisation too long",
        ));
    }
    if !r.anonymous && r.phone.is_none() && r.email.is_none() {
        return Err(invalid(
            "reporter",
            "实名反映须留电话或邮箱，否则请选择匿名",
            "give a phone or email, or set anonymous",
        ));
    }
    Ok(Reporter {
        name: r.name,
        phone: r.phone,
        email: r.email,
        organisation: r.organisation,
        anonymous: r.anonymous,
    })
}

/// Checks an intake body; operators may choose any channel and back-date `received_at`.
fn validate(
    input: TicketInput,
    sys: CoordSys,
    operator: bool,
    dir: &Directory,
    now: DateTime<Utc>,
) -> Result<NewTicket, AppError> {
    let channel = input.channel.unwrap_or(if operator {
        TicketChannel::Phone
    } else {
        TicketChannel::Web
    });
    if !operator && !matches!(channel, TicketChannel::Web | TicketChannel::App) {
        return Err(invalid(
            "channel",
            "公众只能通过 web 或 app 提交",
            "the public submits through web or app",
        ));
    }
    let received_at = match (input.received_at, operator) {
        (None, _) => now,
        (Some(_), false) => {
            return Err(invalid(
                "received_at",
                "只有话务员可以填写受理时间",
                "only operators may set the call time",
            ))
        }
        (Some(t), true) if t > now + Duration::seconds(60) || t < now - Duration::days(366) => {
            return Err(invalid(
                "received_at",
                "不能晚于现在，也不能早于一年前",
                "may not be in the future nor over a year ago",
            ))
        }
        (Some(t), true) => t,
    };
    let location = input
        .location
        .map(|l| sys.to_wgs84(l.lng, l.lat))
        .transpose()
        .map_err(|e| AppError::invalid("location", Text::new("坐标超出范围", e.to_string())))?;
    if input
        .region_code
        .as_deref()
        .is_some_and(|c| dir.regions.get(c).is_none())
    {
        return Err(invalid("region_code", "行政区划不存在", "no such region"));
    }
    if input.attachments.len() > 10
        || input
            .attachments
            .iter()
            .any(|a| a.len() > 500 || !(a.starts_with("https://") || a.starts_with("http://")))
    {
        return Err(invalid(
            "attachments",
            "最多 10 个 http(s) 链接",
            "at most 10 http(s) links",
        ));
    }
    if input.tags.len() > 10
        || input
            .tags
            .iter()
            .any(|t| t.trim().is_empty() || t.chars().count() > 50)
    {
        return Err(invalid(
            "tags",
            "最多 10 个标签，每个 1 到 50 字",
            "at most 10 tags of 1 to 50 characters",
        ));
    }
    Ok(NewTicket {
        channel,
        kind: input.kind,
        category: input.category,
        subject: text(&input.subject, "subject", 200)?,
        description: text(&input.description, "description", 5000)?,
        location,
        region_code: input.region_code,
        reporter: reporter(input.reporter)?,
        attachments: input.attachments,
        tags: input.tags,
        received_at,
    })
}

/// Logs a ticket. Without a key (the public) the answer is the tracking number
/// and a secret status token; with an operator key, also the full ticket.
/// The ticket is referred to the competent outlet at once when the engine finds one.
#[utoipa::path(tag = "tickets", params(CoordQuery), request_body = TicketInput, responses(
    (status = 201, description = "Logged; acknowledged only after it is stored", body = TicketReceipt),
    (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "A key that may not log tickets", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json")))]
#[post("/tickets")]
pub async fn create_ticket(
    caller: MaybeCaller,
    state: web::Data<AppState>,
    query: ValidQuery<CoordQuery>,
    body: ValidJson<TicketInput>,
) -> Result<HttpResponse, AppError> {
    let operator = match &caller.0 {
        None => None,
        Some(c) if matches!(c.role, Role::Admin | Role::Operator) => Some(c.clone()),
        Some(_) => return Err(AppError::Forbidden),
    };
    let (sys, now) = (query.0.coord_sys.unwrap_or_default(), Utc::now());
    let (new, referral) = {
        let dir = state.directory();
        let new = validate(body.0, sys, operator.is_some(), &dir, now)?;
        let referral = suggest(
            &dir,
            new.kind,
            new.category,
            new.location,
            new.region_code.as_deref(),
        );
        (new, referral)
    };
    let actor = match &operator {
        Some(c) => Actor {
            key_id: Some(c.key_id.clone()),
            role: c.role.as_str().into(),
        },
        None => Actor {
            key_id: None,
            role: "public".into(),
        },
    };
    let (row, token) = state
        .db(move |conn| create(conn, &new, &actor, &referral, now))
        .await?;
    let location = format!("/api/v1/tickets/{}", row.id);
    let mut receipt = TicketReceipt {
        tracking_number: row.tracking_number.clone(),
        status_token: token,
        state: row.state.clone(),
        ticket: None,
    };
    if operator.is_some() {
        let history = state
            .db({
                let id = row.id.clone();
                move |conn| Ok(db::tickets::events(conn, &id)?)
            })
            .await?;
        let clocks = clocks(&state.directory(), &row, &history, now);
        receipt.ticket = Some(TicketDto::new(row, &clocks, sys));
    }
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, location))
        .json(receipt))
}

/// Tracking number and status token from intake.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StatusQuery {
    /// Tracking number, e.g. `20261121-000123`.
    pub tracking: String,
    /// The status token returned at intake.
    pub token: String,
}

/// A ticket's state, public history and reply, for the citizen who holds its
/// token. Never contains personal data.
#[utoipa::path(tag = "tickets", params(StatusQuery), responses(
    (status = 200, description = "The status", body = PublicStatus),
    (status = 404, description = "No ticket with this number and token", body = Problem, content_type = "application/problem+json")))]
#[get("/tickets/status")]
pub async fn ticket_status(
    state: web::Data<AppState>,
    query: ValidQuery<StatusQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let not_found = || AppError::NotFound {
        resource: "ticket",
        id: q.tracking.clone(),
    };
    let tracking = q.tracking.clone();
    let (row, history) = state
        .db(move |conn| {
            let Some(row) = db::tickets::find_by_tracking(conn, &tracking)? else {
                return Ok(None);
            };
            let history = db::tickets::events(conn, &row.id)?;
            Ok(Some((row, history)))
        })
        .await?
        .ok_or_else(not_found)?;
    if row.token_hash != hash_key(&q.token) {
        return Err(not_found());
    }
    let history = history
        .into_iter()
        .map(|e| PublicEvent {
            at: e.at.and_utc(),
            action: e.action,
            state: e.to_state,
        })
        .collect();
    Ok(HttpResponse::Ok().json(PublicStatus {
        tracking_number: row.tracking_number,
        kind: row.kind,
        category: row.category,
        state: row.state,
        received_at: row.received_at.and_utc(),
        reply: row.reply,
        close_reason: row.close_reason,
        history,
    }))
}
