//! Reading an Open311 `POST requests` form into a ticket to take in.

use std::collections::HashMap;
use std::str::FromStr;

use actix_web::http::StatusCode;
use chrono::{DateTime, Utc};

use crate::api::http::dto::Location;
use crate::api::open311::format::Failure;
use crate::api::tickets::dto::{ReporterDto, TicketInput};
use crate::api::tickets::input::validate;
use crate::directory::Directory;
use crate::domain::coords::CoordSys;
use crate::domain::ticket::{TicketCategory, TicketChannel, TicketKind};
use crate::error::AppError;
use crate::hotline::intake::NewTicket;
use crate::i18n::Text;

/// Fields of the GeoReport v2 form, and the attributes this server defines.
const FIELDS: [&str; 20] = [
    "api_key",
    "service_code",
    "jurisdiction_id",
    "lat",
    "long",
    "address_string",
    "address_id",
    "email",
    "device_id",
    "account_id",
    "first_name",
    "last_name",
    "phone",
    "description",
    "media_url",
    "attribute[kind]",
    "attribute[subject]",
    "attribute[region_code]",
    "attribute[anonymous]",
    "attribute[coord_sys]",
];

/// The form as name → value; unknown or repeated names are a 400.
pub fn parse_form(body: &[u8]) -> Result<HashMap<String, String>, Failure> {
    let mut form = HashMap::new();
    for (name, value) in form_urlencoded::parse(body) {
        if !FIELDS.contains(&name.as_ref()) {
            return Err(Failure::bad(name, "未知字段", "unknown field"));
        }
        if name.contains('\0') || value.contains('\0') {
            return Err(Failure::new(
                StatusCode::BAD_REQUEST,
                name,
                crate::api::http::nul_character::reason(),
            ));
        }
        if form.insert(name.to_string(), value.to_string()).is_some() {
            return Err(Failure::bad(name, "重复给出", "given twice"));
        }
    }
    Ok(form)
}

fn required<'a>(form: &'a HashMap<String, String>, name: &str) -> Result<&'a str, Failure> {
    form.get(name)
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| Failure::bad(name, "必填", "required"))
}

fn parsed<T: FromStr>(
    form: &HashMap<String, String>,
    name: &str,
    (zh, en): (&str, &str),
) -> Result<Option<T>, Failure> {
    form.get(name)
        .filter(|v| !v.trim().is_empty())
        .map(|v| v.trim().parse().map_err(|_| Failure::bad(name, zh, en)))
        .transpose()
}

const NUMBER: (&str, &str) = ("须为数字", "must be a number");

/// The Open311 name of a field named by intake validation.
fn open311_name(field: &str) -> &str {
    match field {
        "location" | "location.lat" => "lat",
        "location.lng" => "long",
        "reporter" => "email",
        "reporter.phone" => "phone",
        "reporter.email" => "email",
        "subject" => "attribute[subject]",
        "region_code" => "attribute[region_code]",
        "attachments" => "media_url",
        other => other,
    }
}

/// A 400 naming `name` when `value` holds more than `max` characters.
fn at_most(value: Option<&str>, name: &str, max: usize) -> Result<(), Failure> {
    match value {
        Some(v) if v.chars().count() > max => Err(Failure::too_long(name, max)),
        _ => Ok(()),
    }
}

/// The reporter: family name first, as Chinese names are written.
fn reporter(form: &HashMap<String, String>) -> Result<ReporterDto, Failure> {
    for name in ["last_name", "first_name"] {
        at_most(form.get(name).map(|n| n.trim()), name, 50)?;
    }
    let name = [form.get("last_name"), form.get("first_name")]
        .into_iter()
        .flatten()
        .map(|s| s.trim())
        .collect::<String>();
    Ok(ReporterDto {
        name: Some(name).filter(|n| !n.is_empty()),
        phone: form.get("phone").filter(|p| !p.is_empty()).cloned(),
        email: form.get("email").filter(|e| !e.is_empty()).cloned(),
        organisation: None,
        anonymous: parsed::<bool>(
            form,
            "attribute[anonymous]",
            ("须为 true 或 false", "must be true or false"),
        )?
        .unwrap_or(false),
    })
}

/// `attribute[kind]`, or the category's default kind when not given.
fn kind(form: &HashMap<String, String>, category: TicketCategory) -> Result<TicketKind, Failure> {
    match form.get("attribute[kind]").map(|k| k.trim()) {
        None | Some("") => Ok(category.default_kind()),
        Some(k) => TicketKind::from_str(k).map_err(|_| {
            Failure::bad(
                "attribute[kind]",
                "须为服务定义中的取值之一",
                "must be one of the values in the service definition",
            )
        }),
    }
}

/// `attribute[coord_sys]`, WGS-84 when not given.
fn coord_sys(form: &HashMap<String, String>) -> Result<CoordSys, Failure> {
    match form.get("attribute[coord_sys]").map(String::as_str) {
        None | Some("") => Ok(CoordSys::Wgs84),
        Some(s) => serde_json::from_value(s.into()).map_err(|_| {
            Failure::bad(
                "attribute[coord_sys]",
                "须为 `wgs84`、`gcj02` 或 `bd09`",
                "must be wgs84, gcj02 or bd09",
            )
        }),
    }
}

/// `lat` and `long` together, or neither.
fn location(form: &HashMap<String, String>) -> Result<Option<Location>, Failure> {
    match (
        parsed::<f64>(form, "long", NUMBER)?,
        parsed::<f64>(form, "lat", NUMBER)?,
    ) {
        (Some(lng), Some(lat)) => Ok(Some(Location { lng, lat })),
        (None, None) => Ok(None),
        _ => Err(Failure::bad(
            "lat",
            "`lat` 与 `long` 须同时给出",
            "lat and long go together",
        )),
    }
}

/// Checks the form and builds the ticket (channel `open311`). The service
/// code must name a category (else 400); a position comes from lat/long,
/// `attribute[region_code]` or, unreferred, `address_string`.
pub fn ticket(
    form: &HashMap<String, String>,
    dir: &Directory,
    now: DateTime<Utc>,
) -> Result<NewTicket, Failure> {
    let category = TicketCategory::from_str(required(form, "service_code")?).map_err(|_| {
        Failure::bad(
            "service_code",
            "没有此服务，见 `services.json`",
            "no such service; see services.json",
        )
    })?;
    let kind = kind(form, category)?;
    let description = required(form, "description")?;
    let sys = coord_sys(form)?;
    let location = location(form)?;
    let region_code = form
        .get("attribute[region_code]")
        .filter(|c| !c.is_empty())
        .cloned();
    let address = form
        .get("address_string")
        .map(|a| a.trim())
        .filter(|a| !a.is_empty());
    at_most(address, "address_string", 500)?;
    if location.is_none() && region_code.is_none() && address.is_none() {
        return Err(Failure::bad(
            "lat",
            "须给出 `lat` 和 `long`、`address_string` 或 `attribute[region_code]`",
            "give lat and long, address_string or attribute[region_code]",
        ));
    }
    let subject = form
        .get("attribute[subject]")
        .filter(|s| !s.trim().is_empty())
        .cloned()
        .unwrap_or_else(|| description.chars().take(30).collect());
    let input = TicketInput {
        channel: None,
        kind,
        category,
        subject,
        description: description.to_owned(),
        location,
        region_code,
        reporter: reporter(form)?,
        attachments: form
            .get("media_url")
            .filter(|m| !m.is_empty())
            .cloned()
            .into_iter()
            .collect(),
        tags: vec!["open311".into()],
        received_at: None,
        agency: None,
    };
    let mut ticket = validate(input, sys, false, dir, now).map_err(|e| match e {
        AppError::Invalid { field, reason } | AppError::BadRequest { field, reason } => {
            Failure::new(StatusCode::BAD_REQUEST, open311_name(&field), reason)
        }
        other => Failure::new(
            StatusCode::BAD_REQUEST,
            "request",
            Text::new(other.to_string(), other.to_string()),
        ),
    })?;
    ticket.channel = TicketChannel::Open311;
    // Appended once the description has passed its own limit, so that a
    // form within each field's stated length is never refused for the two
    // together.
    if let Some(a) = address {
        ticket.description = format!("{description}\n地址：{a}");
    }
    Ok(ticket)
}
