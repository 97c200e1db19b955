//! Showing tickets as Open311 service requests.

use actix_web::http::StatusCode;
use actix_web::HttpRequest;
use chrono::{DateTime, Duration, Utc};

use crate::api::http::auth::{authenticate, client_of, Caller};
use crate::api::http::parameter_text::refused_in_query;
use crate::api::open311::dto::{Open311Query, Open311Request};
use crate::api::open311::format::Failure;
use crate::api::open311::format::{internal, Requests};
use crate::db;
use crate::db::open311::{RequestFilter, Visibility};
use crate::directory::Directory;
use crate::domain::calendar::instant::china_time;
use crate::domain::ticket::{Event, Ticket};
use crate::domain::vocab::{RegionLevel, Role};
use crate::hotline::intake::chain;
use crate::hotline::view::expected_answer;
use crate::i18n::{Lang, Text};
use crate::state::AppState;

/// `open` or `closed`, and the state (with the close reason) in words.
fn status(t: &Ticket, lang: Lang) -> (String, String) {
    let (zh, en) = t.state.labels();
    let state = lang.pick(zh, en).to_owned();
    let notes = match t.close_reason {
        Some(r) if !t.is_open() => {
            let (zh, en) = r.labels();
            let reason = lang.pick(zh, en);
            lang.pick(
                format!("{state}（{reason}）").as_str(),
                format!("{state} ({reason})").as_str(),
            )
            .to_owned()
        }
        _ => state,
    };
    let open = if !t.is_open() { "closed" } else { "open" };
    (open.to_owned(), notes)
}

/// The region concerned, largest first, e.g. 「山西省 晋中市 平遥县」.
/// The region concerned, no finer than the county (a park could point at the
/// party reported).
fn address(dir: &Directory, t: &Ticket) -> Option<String> {
    let names: Vec<String> = chain(dir, t.location, t.region_code.as_deref())
        .into_iter()
        .filter(|r| {
            dir.regions
                .get(&r.code)
                .is_some_and(|g| g.level != RegionLevel::Park)
        })
        .rev()
        .map(|r| r.name)
        .collect();
    (!names.is_empty()).then(|| names.join(" "))
}

/// The ticket as an Open311 request (history for the handling due date).
pub fn request(
    dir: &Directory,
    t: &Ticket,
    history: &[Event],
    lang: Lang,
    now: DateTime<Utc>,
) -> Open311Request {
    let (status, status_notes) = status(t, lang);
    let handling = expected_answer(dir, t, history, now);
    let expected = handling.map(|(due, _)| format!("{due}T23:59:59+08:00"));
    Open311Request {
        service_request_id: t.tracking_number.clone(),
        status,
        status_notes,
        service_name: {
            let (zh, en) = t.category.labels();
            lang.pick(zh, en).to_owned()
        },
        service_code: t.category.as_str().into(),
        description: None,
        agency_responsible: t
            .outlet_id
            .as_ref()
            .and_then(|id| dir.outlets.get(id))
            .map(|o| o.details().name().to_owned()),
        service_notice: None,
        requested_datetime: china_time(t.received_at),
        updated_datetime: china_time(t.updated_at),
        expected_datetime: expected,
        expected_datetime_provisional: handling.is_some_and(|(_, p)| p),
        address: address(dir, t),
        lat: None,
        long: None,
    }
}

fn date(value: Option<&String>, field: &str) -> Result<Option<DateTime<Utc>>, Failure> {
    value
        .map(|v| {
            DateTime::parse_from_rfc3339(v)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| {
                    Failure::bad(
                        field,
                        "须为带时区的 W3C 日期时间",
                        "must be a W3C date-time with an offset",
                    )
                })
        })
        .transpose()
}

fn list(value: Option<&String>) -> Option<Vec<String>> {
    value.map(|v| {
        v.split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    })
}

/// Reads the filters of `GET requests`.
pub fn filter(query: &str, now: DateTime<Utc>) -> Result<RequestFilter, Failure> {
    if let Some((name, reason)) = refused_in_query(query) {
        return Err(Failure::new(StatusCode::BAD_REQUEST, name, reason));
    }
    let q: Open311Query = serde_urlencoded::from_str(query).map_err(|e| {
        tracing::debug!(error = %e, "unreadable Open311 query");
        Failure::new(
            StatusCode::BAD_REQUEST,
            "query",
            Text::new("查询参数无法解析", "the query could not be read"),
        )
    })?;
    let closed = match q
        .status
        .as_deref()
        .map(|s| s.split(',').map(str::trim).collect::<Vec<_>>())
    {
        None => None,
        Some(s) if s.iter().all(|v| matches!(*v, "open" | "closed")) => {
            match (s.contains(&"open"), s.contains(&"closed")) {
                (true, false) => Some(false),
                (false, true) => Some(true),
                _ => None,
            }
        }
        Some(_) => {
            return Err(Failure::bad(
                "status",
                "须为 `open` 或 `closed`",
                "must be open or closed",
            ))
        }
    };
    let to = date(q.end_date.as_ref(), "end_date")?.unwrap_or(now + Duration::seconds(1));
    let from = date(q.start_date.as_ref(), "start_date")?.unwrap_or(to - Duration::days(90));
    if from > to {
        return Err(Failure::bad(
            "start_date",
            "不能晚于 `end_date`",
            "may not be after end_date",
        ));
    }
    Ok(RequestFilter {
        tracking_numbers: list(q.service_request_id.as_ref()),
        categories: list(q.service_code.as_ref())
            .map(|codes| codes.iter().filter_map(|c| c.parse().ok()).collect()),
        from: Some(from.naive_utc()),
        to: Some(to.naive_utc()),
        closed,
        limit: 1000,
        visibility: Visibility::Public,
    })
}

/// Whose requests the caller may see: without a key only requests that came
/// in through Open311 and are not reports; a client key also those it filed;
/// the hotline's keys all. An invalid key is a 403.
pub async fn visibility(state: &AppState, req: &HttpRequest) -> Result<Visibility, Failure> {
    let api_key = form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(k, _)| k == "api_key")
        .map(|(_, v)| v.into_owned());
    let caller = match api_key {
        Some(key) => Some(
            authenticate(state.clone(), key, client_of(req))
                .await
                .map_err(|_| {
                    let reason = Text::new("无效或已吊销", "invalid or revoked");
                    Failure::new(StatusCode::FORBIDDEN, "api_key", reason)
                })?,
        ),
        None => actix_web::HttpMessage::extensions(req)
            .get::<Caller>()
            .cloned(),
    };
    Ok(match caller.map(|c| (c.role, c.key_id)) {
        Some((Role::Admin | Role::Operator, _)) => Visibility::All,
        Some((_, key)) => Visibility::FiledBy(key),
        None => Visibility::Public,
    })
}

/// Loads tickets with their histories and shows them as requests.
pub async fn requests(
    state: &AppState,
    req: &HttpRequest,
    f: RequestFilter,
) -> Result<Requests, Failure> {
    let (rows, events) = state
        .db(move |conn| {
            let rows = db::open311::requests(conn, &f)?;
            let ids: Vec<String> = rows.iter().map(|t| t.id.clone()).collect();
            Ok((rows, db::tickets::events_of(conn, &ids)?))
        })
        .await
        .map_err(internal)?;
    let (dir, lang, now) = (state.directory(), Lang::from_request(req), state.now());
    Ok(rows
        .iter()
        .map(|t| {
            let history = events.get(&t.id).map_or(&[][..], Vec::as_slice);
            request(&dir, t, history, lang, now)
        })
        .collect())
}
