//! The outcome summary (成效汇总表) per city and province, every figure the
//! exact sum of its events', and the cities below a campaign's rules.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::event::{CampaignDraft, Event, Outcome, Reported};
use super::vocab::{EventStatus, EventType};

/// Sums of held events' outcomes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    /// Held events.
    pub events_held: u64,
    /// Held events with an outcome recorded.
    pub events_reported: u64,
    /// Firms served.
    pub firms_served: u64,
    /// Attendees.
    pub attendees: u64,
    /// Trainings held.
    pub trainings_held: u64,
    /// Matchings held.
    pub matchings_held: u64,
    /// Pledge-financing deals.
    pub pledge_deals: u64,
    /// Their amount in yuan.
    pub pledge_amount_yuan: u64,
    /// Jobs offered.
    pub jobs_offered: u64,
}

impl Figures {
    fn add(&mut self, outcome: Option<&Outcome>) {
        self.events_held += 1;
        let Some(o) = outcome else { return };
        self.events_reported += 1;
        self.firms_served += u64::from(o.firms_served);
        self.attendees += u64::from(o.attendees);
        self.trainings_held += u64::from(o.trainings_held);
        self.matchings_held += u64::from(o.matchings_held);
        self.pledge_deals += u64::from(o.pledge_deals);
        self.pledge_amount_yuan += o.pledge_amount_yuan;
        self.jobs_offered += u64::from(o.jobs_offered);
    }

    /// Adds another sum.
    pub fn merge(&mut self, o: &Figures) {
        self.events_held += o.events_held;
        self.events_reported += o.events_reported;
        self.firms_served += o.firms_served;
        self.attendees += o.attendees;
        self.trainings_held += o.trainings_held;
        self.matchings_held += o.matchings_held;
        self.pledge_deals += o.pledge_deals;
        self.pledge_amount_yuan += o.pledge_amount_yuan;
        self.jobs_offered += o.jobs_offered;
    }
}

/// The province code of a region code (`320505` → `320000`).
pub fn province_of(code: &str) -> String {
    format!("{}0000", code.get(..2).unwrap_or(code))
}

/// Sums per city of the held events (with their outcomes when recorded).
pub fn by_city(events: &[Reported]) -> BTreeMap<String, Figures> {
    let mut out: BTreeMap<String, Figures> = BTreeMap::new();
    for (e, o) in events
        .iter()
        .filter(|(e, _)| e.draft.status == EventStatus::Held)
    {
        out.entry(e.city_code.clone()).or_default().add(o.as_ref());
    }
    out
}

/// City sums rolled up per province.
pub fn by_province(cities: &BTreeMap<String, Figures>) -> BTreeMap<String, Figures> {
    let mut out: BTreeMap<String, Figures> = BTreeMap::new();
    for (city, f) in cities {
        out.entry(province_of(city)).or_default().merge(f);
    }
    out
}

/// A city below one of the campaign's rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    /// The city.
    pub city_code: String,
    /// The event type the rule counts (`None`: any).
    pub event_type: Option<EventType>,
    /// For a monthly rule, the month (year, month).
    pub month: Option<(i32, u32)>,
    /// Events the rule asks for.
    pub required: u32,
    /// Events counted (every event not cancelled).
    pub counted: u32,
}

/// The cities below the per-city minimums, and key cities below a monthly
/// rule in a month of the campaign that has ended by `today`.
pub fn shortfalls(
    c: &CampaignDraft,
    cities: &[String],
    events: &[Event],
    today: NaiveDate,
) -> Vec<Shortfall> {
    let live: Vec<&Event> = events
        .iter()
        .filter(|e| e.draft.status != EventStatus::Cancelled)
        .collect();
    let count = |city: &str, kind: Option<EventType>, month: Option<(i32, u32)>| {
        (live.iter())
            .filter(|e| e.city_code == city && kind.is_none_or(|k| e.draft.event_type == k))
            .filter(|e| {
                month.is_none_or(|(y, m)| {
                    let d = e.draft.starts_at.date_naive();
                    (d.year(), d.month()) == (y, m)
                })
            })
            .count() as u32
    };
    let mut out = Vec::new();
    for city in cities {
        for m in &c.minimums {
            let n = count(city, Some(m.event_type), None);
            if n < m.per_city {
                out.push(Shortfall {
                    city_code: city.clone(),
                    event_type: Some(m.event_type),
                    month: None,
                    required: m.per_city,
                    counted: n,
                });
            }
        }
    }
    for rule in &c.monthly {
        for month in ended_months(c.starts_on, c.ends_on.min(today)) {
            for city in &rule.cities {
                let n = count(city, rule.event_type, Some(month));
                if n < rule.per_month {
                    out.push(Shortfall {
                        city_code: city.clone(),
                        event_type: rule.event_type,
                        month: Some(month),
                        required: rule.per_month,
                        counted: n,
                    });
                }
            }
        }
    }
    out
}

/// The months from `from`'s to `until`'s whose last day is before `until`
/// (or is `until`, when `until` is a month's last day).
fn ended_months(from: NaiveDate, until: NaiveDate) -> Vec<(i32, u32)> {
    let mut out = Vec::new();
    let (mut y, mut m) = (from.year(), from.month());
    loop {
        let next = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        let Some(first_of_next) = NaiveDate::from_ymd_opt(next.0, next.1, 1) else {
            break;
        };
        if first_of_next > until.succ_opt().unwrap_or(until) {
            break;
        }
        out.push((y, m));
        (y, m) = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_months_that_have_ended_are_counted() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(
            ended_months(d("2026-04-10"), d("2026-06-15")),
            [(2026, 4), (2026, 5)]
        );
        assert_eq!(
            ended_months(d("2026-04-10"), d("2026-06-30")),
            [(2026, 4), (2026, 5), (2026, 6)]
        );
        assert_eq!(
            ended_months(d("2026-11-01"), d("2027-01-01")),
            [(2026, 11), (2026, 12)]
        );
        assert_eq!(province_of("320505"), "320000");
    }
}
