//! Showing tickets as Open311 service requests.

use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};

use super::open311_dto::Open311Request;
use crate::db::tickets::{EventRow, TicketRow};
use crate::domain::clocks::Timer;
use crate::domain::point::LngLat;
use crate::domain::ticket::{CloseReason, TicketCategory, TicketState};
use crate::hotline::intake::chain;
use crate::hotline::view::clocks;
use crate::i18n::Lang;
use crate::state::Directory;

/// China Standard Time, in which Open311 times are given.
fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("+08:00 is a valid offset")
}

/// A stored UTC time as a W3C date-time in China time.
pub fn w3c(t: NaiveDateTime) -> String {
    t.and_utc()
        .with_timezone(&china())
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

fn labels<T: Copy>(
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
    label: impl Fn(T) -> (&'static str, &'static str),
    lang: Lang,
) -> String {
    parse(text).map_or_else(
        || text.to_owned(),
        |v| {
            let (zh, en) = label(v);
            lang.pick(zh, en).to_owned()
        },
    )
}

/// `open` or `closed`, and the state (with the close reason) in words.
fn status(t: &TicketRow, lang: Lang) -> (String, String) {
    let state = labels(
        &t.state,
        |s| s.parse::<TicketState>().ok(),
        TicketState::labels,
        lang,
    );
    let notes = match &t.close_reason {
        Some(r) if t.state == "closed" => {
            let reason = labels(
                r,
                |s| s.parse::<CloseReason>().ok(),
                CloseReason::labels,
                lang,
            );
            lang.pick(
                format!("{state}（{reason}）").as_str(),
                format!("{state} ({reason})").as_str(),
            )
            .to_owned()
        }
        _ => state,
    };
    let open = if t.state == "closed" {
        "closed"
    } else {
        "open"
    };
    (open.to_owned(), notes)
}

/// The region concerned, largest first, e.g. 「山西省 晋中市 平遥县」.
fn address(dir: &Directory, t: &TicketRow) -> Option<String> {
    let at = t
        .lng
        .zip(t.lat)
        .and_then(|(lng, lat)| LngLat::new(lng, lat).ok());
    let names: Vec<String> = chain(dir, at, t.region_code.as_deref())
        .into_iter()
        .rev()
        .map(|r| r.name)
        .collect();
    (!names.is_empty()).then(|| names.join(" "))
}

/// The ticket as an Open311 request (history for the handling due date).
pub fn request(
    dir: &Directory,
    t: &TicketRow,
    history: &[EventRow],
    lang: Lang,
    now: DateTime<Utc>,
) -> Open311Request {
    let (status, status_notes) = status(t, lang);
    let expected = clocks(dir, t, history, now)
        .into_iter()
        .filter(|c| c.timer == Timer::Handling)
        .filter_map(|c| c.due.ok())
        .next_back()
        .map(|due| format!("{due}T23:59:59+08:00"));
    Open311Request {
        service_request_id: t.tracking_number.clone(),
        status,
        status_notes,
        service_name: labels(
            &t.category,
            |s| s.parse::<TicketCategory>().ok(),
            TicketCategory::labels,
            lang,
        ),
        service_code: t.category.clone(),
        description: None,
        agency_responsible: t
            .outlet_id
            .as_ref()
            .and_then(|id| dir.outlets.get(id))
            .map(|o| o.name.clone()),
        service_notice: None,
        requested_datetime: w3c(t.received_at),
        updated_datetime: w3c(t.updated_at),
        expected_datetime: expected,
        address: address(dir, t),
        lat: None,
        long: None,
    }
}
