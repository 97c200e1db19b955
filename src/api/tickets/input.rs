//! Checking an intake body before a ticket is created.

use chrono::{DateTime, Duration, Utc};

use crate::api::tickets::dto::{ReporterDto, TicketInput};
use crate::directory::Directory;
use crate::domain::contact::{email_expected, is_email, is_phone, phone_expected};
use crate::domain::coords::CoordSys;
use crate::domain::length::within;
use crate::domain::ticket::Reporter;
use crate::domain::ticket::TicketChannel;
use crate::error::AppError;
use crate::hotline::intake::NewTicket;
use crate::i18n::Text;

fn text(value: &str, field: &str, max: usize) -> Result<String, AppError> {
    if !within(value, 1..=max) {
        return Err(AppError::rejected(
            field,
            format!("须为 1 到 {max} 个字符"),
            format!("must be 1 to {max} characters"),
        ));
    }
    Ok(value.trim().to_owned())
}

fn reporter(r: ReporterDto) -> Result<Reporter, AppError> {
    if r.phone.as_deref().is_some_and(|p| !is_phone(p)) {
        return Err(AppError::invalid("reporter.phone", phone_expected()));
    }
    if r.email.as_deref().is_some_and(|e| !is_email(e)) {
        return Err(AppError::invalid("reporter.email", email_expected()));
    }
    if r.name.as_deref().is_some_and(|n| n.chars().count() > 100)
        || r.organisation
            .as_deref()
            .is_some_and(|o| o.chars().count() > 200)
    {
        return Err(AppError::rejected(
            "reporter",
            "姓名或单位过长",
            "name or organisation too long",
        ));
    }
    if !r.anonymous && r.phone.is_none() && r.email.is_none() {
        return Err(AppError::rejected(
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
pub fn validate(
    input: TicketInput,
    sys: CoordSys,
    operator: bool,
    dir: &Directory,
    now: DateTime<Utc>,
) -> Result<NewTicket, AppError> {
    let channel = channel(input.channel, operator)?;
    let received_at = received_at(input.received_at, operator, now)?;
    let location = input
        .location
        .map(|l| sys.to_wgs84(l.lng, l.lat))
        .transpose()
        .map_err(|e| AppError::invalid("location", Text::new("坐标超出范围", e.to_string())))?;
    dir.check_region("region_code", input.region_code.as_deref())?;
    attachment_links(&input.attachments, "attachments")?;
    tags(&input.tags)?;
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
        agency_id: None,
    })
}

/// The channel: the public's `web` (default) or `app`; operators' any
/// (default `phone`).
fn channel(given: Option<TicketChannel>, operator: bool) -> Result<TicketChannel, AppError> {
    let channel = given.unwrap_or(match operator {
        true => TicketChannel::Phone,
        false => TicketChannel::Web,
    });
    if !operator && !matches!(channel, TicketChannel::Web | TicketChannel::App) {
        return Err(AppError::rejected(
            "channel",
            "公众只能通过 `web` 或 `app` 渠道提交",
            "the public submits through web or app",
        ));
    }
    Ok(channel)
}

/// When the call came in: now, or an operator's time within the last year.
fn received_at(
    given: Option<DateTime<Utc>>,
    operator: bool,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, AppError> {
    match (given, operator) {
        (None, _) => Ok(now),
        (Some(_), false) => Err(AppError::rejected(
            "received_at",
            "只有话务员可以填写受理时间",
            "only operators may set the call time",
        )),
        (Some(t), true) if t > now + Duration::seconds(60) || t < now - Duration::days(366) => {
            Err(AppError::rejected(
                "received_at",
                "不能晚于现在，也不能早于一年前",
                "may not be in the future nor over a year ago",
            ))
        }
        (Some(t), true) => Ok(t),
    }
}

/// At most 10 tags of 1 to 50 characters.
fn tags(tags: &[String]) -> Result<(), AppError> {
    let bad = |t: &String| t.trim().is_empty() || t.chars().count() > 50;
    if tags.len() > 10 || tags.iter().any(bad) {
        return Err(AppError::rejected(
            "tags",
            "最多 10 个标签，每个 1 到 50 字",
            "at most 10 tags of 1 to 50 characters",
        ));
    }
    Ok(())
}

/// At most 10 http(s) links of at most 500 characters.
pub fn attachment_links(links: &[String], field: &str) -> Result<(), AppError> {
    let bad =
        |a: &String| a.len() > 500 || !(a.starts_with("https://") || a.starts_with("http://"));
    if links.len() > 10 || links.iter().any(bad) {
        return Err(AppError::rejected(
            field,
            "最多 10 个 http(s) 链接，每个不超过 500 字符",
            "at most 10 http(s) links of at most 500 characters",
        ));
    }
    Ok(())
}
