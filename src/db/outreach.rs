//! Rows of outreach campaigns, events and outcomes; drafts as JSON.

use anyhow::Context;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{event_outcomes as o, outreach_campaigns as c, outreach_events as e};
use super::DbConn;
use crate::domain::outreach::event::{Campaign, Event, Outcome};

/// A stored campaign.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = c)]
pub struct CampaignRow {
    pub id: String,
    pub name: String,
    pub region_code: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub content: String,
    pub created_at: NaiveDateTime,
}

/// A stored event.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = e)]
pub struct EventRow {
    pub id: String,
    pub campaign_id: Option<String>,
    pub event_type: String,
    pub region_code: String,
    pub city_code: String,
    pub organiser_outlet_id: Option<String>,
    pub status: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub content: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

impl CampaignRow {
    /// The row of a campaign.
    pub fn of(x: &Campaign, now: NaiveDateTime) -> anyhow::Result<Self> {
        Ok(Self {
            id: x.id.clone(),
            name: x.draft.name.clone(),
            region_code: x.draft.region_code.clone(),
            starts_on: x.draft.starts_on,
            ends_on: x.draft.ends_on,
            content: serde_json::to_string(&x.draft)?,
            created_at: now,
        })
    }
}

impl TryFrom<CampaignRow> for Campaign {
    type Error = anyhow::Error;

    fn try_from(r: CampaignRow) -> anyhow::Result<Self> {
        let draft =
            serde_json::from_str(&r.content).with_context(|| format!("campaign {}", r.id))?;
        Ok(Campaign { id: r.id, draft })
    }
}

impl EventRow {
    /// The row of an event.
    pub fn of(x: &Event, created_at: NaiveDateTime) -> anyhow::Result<Self> {
        let d = &x.draft;
        Ok(Self {
            id: x.id.clone(),
            campaign_id: d.campaign_id.clone(),
            event_type: d.event_type.as_str().into(),
            region_code: d.region_code.clone(),
            city_code: x.city_code.clone(),
            organiser_outlet_id: d.organiser_outlet_id.clone(),
            status: d.status.as_str().into(),
            starts_at: d.starts_at.naive_utc(),
            ends_at: d.ends_at.naive_utc(),
            lat: x.location.map(|p| p.lat()),
            lng: x.location.map(|p| p.lng()),
            content: serde_json::to_string(d)?,
            created_at,
            updated_at: x.updated_at.naive_utc(),
            version: x.version,
        })
    }
}

impl TryFrom<EventRow> for Event {
    type Error = anyhow::Error;

    fn try_from(r: EventRow) -> anyhow::Result<Self> {
        let context = || format!("event {}", r.id);
        let location = super::stored_point(r.lng, r.lat).with_context(context)?;
        Ok(Event {
            draft: serde_json::from_str(&r.content).with_context(context)?,
            id: r.id,
            location,
            city_code: r.city_code,
            version: r.version,
            updated_at: r.updated_at.and_utc(),
        })
    }
}

fn events(rows: Vec<EventRow>) -> anyhow::Result<Vec<Event>> {
    rows.into_iter().map(Event::try_from).collect()
}

/// Stores a campaign.
pub fn insert_campaign(conn: &mut DbConn, row: &CampaignRow) -> QueryResult<usize> {
    diesel::insert_into(c::table).values(row).execute(conn)
}

/// One campaign.
pub fn campaign(conn: &mut DbConn, id: &str) -> anyhow::Result<Option<Campaign>> {
    let row = c::table
        .filter(c::id.eq(id))
        .select(CampaignRow::as_select())
        .first(conn)
        .optional()?;
    row.map(Campaign::try_from).transpose()
}

/// Every campaign, newest first.
pub fn campaigns(conn: &mut DbConn) -> anyhow::Result<Vec<Campaign>> {
    let rows = c::table
        .order(c::starts_on.desc())
        .select(CampaignRow::as_select())
        .load(conn)?;
    rows.into_iter().map(Campaign::try_from).collect()
}

/// Stores a new event.
pub fn insert_event(conn: &mut DbConn, row: &EventRow) -> QueryResult<usize> {
    diesel::insert_into(e::table).values(row).execute(conn)
}

/// Replaces an event if it still has `expected` version; 0 otherwise.
pub fn replace_event(conn: &mut DbConn, row: &EventRow, expected: i64) -> QueryResult<usize> {
    diesel::update(
        e::table
            .filter(e::id.eq(&row.id))
            .filter(e::version.eq(expected)),
    )
    .set(row)
    .execute(conn)
}

/// One event.
pub fn event(conn: &mut DbConn, id: &str) -> anyhow::Result<Option<Event>> {
    let rows = e::table
        .filter(e::id.eq(id))
        .select(EventRow::as_select())
        .load(conn)?;
    Ok(events(rows)?.pop())
}

/// A campaign's events by start.
pub fn of_campaign(conn: &mut DbConn, campaign_id: &str) -> anyhow::Result<Vec<Event>> {
    events(
        e::table
            .filter(e::campaign_id.eq(campaign_id))
            .order(e::starts_at.asc())
            .select(EventRow::as_select())
            .load(conn)?,
    )
}

/// Events not over at `now`, optionally in some regions, by start.
pub fn upcoming(
    conn: &mut DbConn,
    now: NaiveDateTime,
    regions: Option<&[String]>,
) -> anyhow::Result<Vec<Event>> {
    let mut q = (e::table.filter(e::ends_at.ge(now)))
        .select(EventRow::as_select())
        .into_boxed();
    if let Some(r) = regions {
        q = q.filter(e::region_code.eq_any(r.to_vec()));
    }
    events(q.order((e::starts_at.asc(), e::id.asc())).load(conn)?)
}

/// Records (or replaces) a held event's outcome.
pub fn put_outcome(
    conn: &mut DbConn,
    event_id: &str,
    outcome: &Outcome,
    at: NaiveDateTime,
) -> anyhow::Result<()> {
    let content = serde_json::to_string(outcome)?;
    let amount = i64::try_from(outcome.pledge_amount_yuan)?;
    diesel::delete(o::table.filter(o::event_id.eq(event_id))).execute(conn)?;
    diesel::insert_into(o::table)
        .values((
            o::event_id.eq(event_id),
            o::content.eq(content),
            o::pledge_amount_yuan.eq(amount),
            o::recorded_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The outcomes of some events, by event id.
pub fn outcomes(conn: &mut DbConn, ids: &[String]) -> anyhow::Result<Vec<(String, Outcome)>> {
    let rows: Vec<(String, String)> = o::table
        .filter(o::event_id.eq_any(ids))
        .select((o::event_id, o::content))
        .load(conn)?;
    rows.into_iter()
        .map(|(id, text)| {
            Ok((
                id.clone(),
                serde_json::from_str(&text).with_context(|| format!("outcome of event {id}"))?,
            ))
        })
        .collect()
}
