//! An iCalendar feed (RFC 5545) of events, for calendar apps to subscribe to.

use chrono::{DateTime, Utc};

use super::event::Event;
use super::vocab::EventStatus;

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets without splitting a character (§3.1).
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A calendar named `name` holding `events` (their page at `url_of(id)`).
pub fn calendar(
    name: &str,
    events: &[Event],
    now: DateTime<Utc>,
    url_of: impl Fn(&str) -> String,
) -> String {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//ipr-service//outreach events//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        fold(line, &mut out);
    }
    fold(&format!("X-WR-CALNAME:{}", text(name)), &mut out);
    fold("X-WR-TIMEZONE:Asia/Shanghai", &mut out);
    for e in events {
        let d = &e.draft;
        let status = match d.status {
            EventStatus::Cancelled => "CANCELLED",
            EventStatus::Postponed => "TENTATIVE",
            _ => "CONFIRMED",
        };
        let mut lines = vec![
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{}@ipr-service", e.id),
            format!("DTSTAMP:{}", stamp(now)),
            format!("LAST-MODIFIED:{}", stamp(e.updated_at)),
            format!("SEQUENCE:{}", e.version - 1),
            format!("DTSTART:{}", stamp(d.starts_at.with_timezone(&Utc))),
            format!("DTEND:{}", stamp(d.ends_at.with_timezone(&Utc))),
            format!("SUMMARY:{}", text(&d.title)),
            format!("LOCATION:{}", text(&d.place)),
            format!("STATUS:{status}"),
            format!("CATEGORIES:{}", text(d.event_type.labels().0)),
            format!("URL:{}", url_of(&e.id)),
        ];
        if !d.description.is_empty() {
            lines.push(format!("DESCRIPTION:{}", text(&d.description)));
        }
        if let Some(p) = e.location {
            lines.push(format!("GEO:{:.6};{:.6}", p.lat(), p.lng()));
        }
        lines.push("END:VEVENT".into());
        for line in lines {
            fold(&line, &mut out);
        }
    }
    fold("END:VCALENDAR", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_chinese_lines_fold_between_characters() {
        let mut out = String::new();
        fold(&format!("SUMMARY:{}", "知识产权".repeat(20)), &mut out);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        assert_eq!(text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
    }
}
