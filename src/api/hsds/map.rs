//! The directory as Open Referral HSDS 3.0 objects: each outlet is an
//! `organization` (the institution, under its parent outlet's) with one
//! physical `location` (WGS-84); each service matter offered at an outlet is a
//! `service` of that organization with one `service_at_location`; opening
//! hours are `schedule`s: weekly rules, and dated schedules for exceptions,
//! official holidays and make-up working days of the published calendar.

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, Utc};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::directory::catalogue::MatterRecord;
use crate::directory::Directory;
use crate::directory::IndexedOutlet;
use crate::domain::calendar::{DayKind, SpecialDayKind};
use crate::domain::hours::{Interval, OpeningHours};
use crate::domain::matter::TimeLimit;
use crate::domain::vocab::OutletStatus;

/// Namespace of the HSDS ids derived from ours (uuid v5, stable across exports).
const NAMESPACE: Uuid = Uuid::from_u128(0x6f1c_2a0e_93d4_4c57_9b1e_5a7d_0c3f_8e21);

/// A stable HSDS id for one of our things.
pub fn id(kind: &str, key: &str) -> String {
    Uuid::new_v5(&NAMESPACE, format!("{kind}/{key}").as_bytes()).to_string()
}

/// An outlet's location id: its own id when that is a UUID.
pub fn location_id(outlet: &IndexedOutlet) -> String {
    match Uuid::parse_str(outlet.id()) {
        Ok(u) => u.to_string(),
        Err(_) => id("location", outlet.id()),
    }
}

/// The id of the service of `matter` at `outlet`.
pub fn service_id(matter: &str, outlet: &str) -> String {
    id("service", &format!("{matter}/{outlet}"))
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Drops null members (HSDS fields are typed, not nullable) throughout.
pub fn compact(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            (map.into_iter())
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, compact(v)))
                .collect::<Map<_, _>>(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(compact).collect()),
        other => other,
    }
}

fn phones(o: &IndexedOutlet, owner: (&str, &str)) -> Vec<Value> {
    (o.details().phones().enumerate())
        .map(|(n, number)| {
            json!({ "id": id("phone", &format!("{}/{}/{n}", owner.1, o.id())), owner.0: owner.1, "number": number, "type": "voice" })
        })
        .collect()
}

/// The organization running an outlet.
pub fn organization(dir: &Directory, o: &IndexedOutlet) -> Value {
    let org = id("organization", o.id());
    let region = dir.regions.get(o.region_code()).map(|r| r.name.as_str());
    let d = o.details();
    compact(json!({
        "id": org,
        "name": d.name(),
        "alternate_name": d.name_en(),
        "description": format!("{}（{}）", o.kind().labels().0, region.unwrap_or(o.region_code())),
        "email": d.email(),
        "website": d.website(),
        "parent_organization_id": o.parent_id().map(|p| id("organization", p)),
        "phones": phones(o, ("organization_id", &org)),
    }))
}

fn address(dir: &Directory, o: &IndexedOutlet) -> Value {
    let chain: Vec<&str> = (dir.regions.index_of(o.region_code()))
        .map(|i| {
            let mut names: Vec<&str> = dir
                .regions
                .ancestors(i)
                .map(|a| dir.regions.region(a).name.as_str())
                .collect();
            names.insert(0, dir.regions.region(i).name.as_str());
            names
        })
        .unwrap_or_default();
    json!({
        "id": id("address", o.id()),
        "location_id": location_id(o),
        "address_1": o.details().address(),
        "city": chain.get(chain.len().saturating_sub(2)).copied().unwrap_or(""),
        "region": chain.first().copied().unwrap_or(""),
        "state_province": chain.last().copied().unwrap_or(""),
        // Not held by the directory.
        "postal_code": "",
        "country": "CN",
        "address_type": "physical",
    })
}

/// An outlet's site, with its hours.
pub fn location(dir: &Directory, o: &IndexedOutlet, today: NaiveDate) -> Value {
    let loc = location_id(o);
    let d = o.details();
    compact(json!({
        "id": loc,
        "location_type": "physical",
        "organization_id": id("organization", o.id()),
        "name": d.name(),
        "alternate_name": d.name_en(),
        "description": d.status_note().or(d.note()),
        "latitude": o.location().lat(),
        "longitude": o.location().lng(),
        "addresses": [address(dir, o)],
        "phones": phones(o, ("location_id", &loc)),
        "schedules": dir.catalogue.hours.get(o.id()).map(|h| schedules(dir, o, h, today)).unwrap_or_default(),
    }))
}

const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

fn hhmm(i: &Interval) -> (String, String) {
    (
        format!("{}+08:00", i.opens.format("%H:%M")),
        format!("{}+08:00", i.closes.format("%H:%M")),
    )
}

fn dated(
    o: &IndexedOutlet,
    n: usize,
    date: NaiveDate,
    interval: Option<&Interval>,
    description: &str,
) -> Value {
    let (opens, closes) = interval.map(hhmm).unzip();
    json!({
        "id": id("schedule", &format!("{}/{date}/{n}", o.id())),
        "location_id": location_id(o),
        "valid_from": date.to_string(),
        "valid_to": date.to_string(),
        "timezone": 8,
        "opens_at": opens,
        "closes_at": closes,
        "description": description,
    })
}

/// Weekly rules (one per interval, with the days it applies), then dated
/// schedules for the coming year: exceptions, official holidays (closed) and
/// make-up working days (Monday's hours), as far as the calendar is published.
pub fn schedules(
    dir: &Directory,
    o: &IndexedOutlet,
    h: &OpeningHours,
    today: NaiveDate,
) -> Vec<Value> {
    let w = &h.weekly;
    let week = [&w.mon, &w.tue, &w.wed, &w.thu, &w.fri, &w.sat, &w.sun];
    let mut rules: Vec<(Interval, Vec<&str>)> = Vec::new();
    for (day, intervals) in DAYS.iter().zip(week) {
        for i in intervals.iter() {
            match rules.iter_mut().find(|(r, _)| r == i) {
                Some((_, days)) => days.push(day),
                None => rules.push((*i, vec![day])),
            }
        }
    }
    let mut out: Vec<Value> = (rules.iter().enumerate())
        .map(|(n, (i, days))| {
            let (opens, closes) = hhmm(i);
            json!({
                "id": id("schedule", &format!("{}/weekly/{n}", o.id())),
                "location_id": location_id(o),
                "timezone": 8, "freq": "WEEKLY", "wkst": "MO", "byday": days.join(","),
                "opens_at": opens, "closes_at": closes, "attending_type": "in person",
                "notes": h.note,
            })
        })
        .collect();
    for date in today.iter_days().take(366) {
        if let Some(e) = h.exceptions.iter().find(|e| e.date == date) {
            match e.intervals.as_slice() {
                [] => out.push(dated(o, 0, date, None, &format!("闭馆：{}", e.reason))),
                intervals => out.extend(
                    intervals
                        .iter()
                        .enumerate()
                        .map(|(n, i)| dated(o, n, date, Some(i), &e.reason)),
                ),
            }
            continue;
        }
        match dir.catalogue.calendar.special(date) {
            Ok(Some(SpecialDayKind::Holiday)) if h.closed_on_holidays => {
                out.push(dated(o, 0, date, None, "法定节假日闭馆"))
            }
            Ok(Some(SpecialDayKind::Workday)) if h.open_on_makeup_days => out.extend(
                (w.mon.iter().enumerate())
                    .map(|(n, i)| dated(o, n, date, Some(i), "调休上班，按周一时间办公")),
            ),
            Err(_) if date.day() == 1 && date.month() == 1 => break,
            _ => {}
        }
    }
    out
}

fn status(o: &IndexedOutlet) -> &'static str {
    match o.status() {
        OutletStatus::Closed => "defunct",
        _ => "active",
    }
}

fn limit_text(l: &TimeLimit) -> String {
    let unit = match l.day_kind {
        DayKind::Working => "个工作日",
        DayKind::Calendar => "日",
    };
    format!("{}{unit}（{}）", l.days, l.source)
}

/// When the service last changed: its matter or its outlet.
pub fn modified(m: &MatterRecord, o: &IndexedOutlet) -> DateTime<Utc> {
    m.updated_at.max(o.updated_at())
}

/// The service of a matter at an outlet; `full` adds the nested organization,
/// service_at_location with its location, phones and required documents.
pub fn service(
    dir: &Directory,
    (m, o): (&MatterRecord, &IndexedOutlet),
    full: Option<NaiveDate>,
) -> Value {
    let g = &m.guide;
    let sid = service_id(&m.code, o.id());
    let steps: Vec<String> = (g.steps.iter().enumerate())
        .map(|(n, s)| format!("{}. {}：{}", n + 1, s.name, s.description))
        .collect();
    let d = o.details();
    let mut value = json!({
        "id": sid,
        "organization_id": id("organization", o.id()),
        "name": format!("{}（{}）", g.name, d.name()),
        "alternate_name": g.name_en,
        "description": g.description,
        "url": g.online_url,
        "email": d.email(),
        "status": status(o),
        "application_process": steps.join("\n"),
        "fees_description": g.fee,
        "eligibility_description": g.applicants,
        "wait_time": g.promised_limit.as_ref().or(g.legal_limit.as_ref()).map(limit_text),
        "alert": d.status_note(),
        "last_modified": time(modified(m, o)),
    });
    if let Some(today) = full {
        let documents: Vec<Value> = (g.materials.iter().enumerate())
            .map(|(n, d)| json!({ "id": id("document", &format!("{sid}/{n}")), "service_id": sid, "document": d.name }))
            .collect();
        value["required_documents"] = Value::Array(documents);
        value["phones"] = Value::Array(phones(o, ("service_id", &sid)));
        value["organization"] = organization(dir, o);
        value["service_at_locations"] = json!([service_at_location(dir, (m, o), Some(today))]);
    }
    compact(value)
}

/// Where a matter is offered: `full` nests the location.
pub fn service_at_location(
    dir: &Directory,
    (m, o): (&MatterRecord, &IndexedOutlet),
    full: Option<NaiveDate>,
) -> Value {
    let mut value = json!({
        "id": id("service_at_location", &format!("{}/{}", m.code, o.id())),
        "service_id": service_id(&m.code, o.id()),
        "location_id": location_id(o),
        "description": format!("{}在{}办理", m.guide.name, o.details().name()),
    });
    if let Some(today) = full {
        value["location"] = location(dir, o, today);
    }
    compact(value)
}
