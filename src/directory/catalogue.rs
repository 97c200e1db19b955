//! In-memory catalogue: the working-day calendar, service matters with the
//! outlets offering them, and opening hours; loaded at start, updated after commits.

use std::collections::{BTreeMap, HashMap, HashSet};

use anyhow::Context;
use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};

use crate::db::{self, DbConn};
use crate::directory::knowledge::KnowledgeBase;
use crate::domain::calendar::{shanghai, SpecialDayKind, WorkCalendar, YearNotPublished};
use crate::domain::hotline_rules::HotlineRules;
use crate::domain::hours::{open_during, Interval, OpeningHours};
use crate::domain::knowledge::Entry;
use crate::domain::matter::MatterGuide;
use crate::domain::referral::kinds_competent_for;
use crate::domain::vocab::OutletKind;

/// A service matter as held in memory.
#[derive(Debug, Clone)]
pub struct MatterRecord {
    /// Stable code, e.g. `patent_pledge_registration`.
    pub code: String,
    /// The published guide, `outlet_ids` filled from the channels.
    pub guide: MatterGuide,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Incremented on every change.
    pub version: i64,
}

/// Whether and when an outlet is open, as of one instant.
#[derive(Debug, Clone)]
pub struct OpeningNow<'a> {
    /// Open at that instant; `None` when the year's calendar is not published.
    pub open_now: Option<bool>,
    /// Next opening after that instant, within two months.
    pub next_open_at: Option<DateTime<FixedOffset>>,
    /// Hours on that local date; `None` when the year's calendar is not published.
    pub today: Option<&'a [Interval]>,
}

/// Calendar, matters and hours.
#[derive(Debug, Default)]
pub struct Catalogue {
    /// The official working-day calendar.
    pub calendar: WorkCalendar,
    /// Matters by code.
    pub matters: BTreeMap<String, MatterRecord>,
    /// Outlet ids offering each matter.
    channels: HashMap<String, HashSet<String>>,
    /// Outlet kinds offering each matter because the competence matrix names
    /// them for its ticket kinds.
    competent: HashMap<String, HashSet<OutletKind>>,
    /// Opening hours by outlet id. Looked up for every outlet of every
    /// answer; foldhash instead of SipHash (ids are ours, not attacker-chosen).
    pub hours: HashMap<String, OpeningHours, foldhash::fast::RandomState>,
    /// Hotline clock rules and competence matrix (set with [`Catalogue::set_rules`]).
    rules: HotlineRules,
    /// Identifies the clock rules, computed when they are set.
    rules_stamp: u64,
    /// The knowledge base, indexed with the matters.
    pub knowledge: KnowledgeBase,
}

/// What a stored ticket summary holds; raised when it gains a figure, so
/// that every stored summary is recomputed (2: the acceptance and callback
/// clocks' outcomes, for the outlet evaluation).
const SUMMARY_VERSION: u32 = 2;

impl Catalogue {
    /// Identifies the calendar and clock rules that ticket deadlines are
    /// computed with; stored deadlines of another stamp are recomputed.
    pub fn clock_stamp(&self) -> i64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (self.calendar.stamp(), self.rules_stamp, SUMMARY_VERSION).hash(&mut h);
        h.finish() as i64
    }

    /// The hotline's clock rules and competence matrix.
    pub fn rules(&self) -> &HotlineRules {
        &self.rules
    }

    /// Replaces the hotline rules.
    pub fn set_rules(&mut self, rules: HotlineRules) {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        format!("{:?}", rules.clock_rules).hash(&mut h);
        self.rules_stamp = h.finish();
        self.rules = rules;
        self.derive_competent();
    }

    fn derive_competent(&mut self) {
        let competence = &self.rules.competence;
        self.competent = self
            .matters
            .values()
            .map(|m| {
                let kinds = m.guide.ticket_kinds.iter();
                let outlet_kinds = kinds.flat_map(|k| kinds_competent_for(competence, *k));
                (m.code.clone(), outlet_kinds.collect())
            })
            .collect();
    }

    /// Loads everything from the database.
    pub fn load(conn: &mut DbConn) -> anyhow::Result<Self> {
        let years: Vec<i32> = db::calendar::years(conn)?
            .into_iter()
            .map(|y| y.year)
            .collect();
        let days = db::calendar::days(conn, None)?
            .into_iter()
            .map(|d| Ok((d.day, SpecialDayKind::from_str_kind(&d.kind)?)))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let mut catalogue = Catalogue {
            calendar: WorkCalendar::new(years, days),
            ..Default::default()
        };
        catalogue.set_rules(db::hotline_rules::load(conn)?);
        let mut channels: HashMap<String, Vec<String>> = HashMap::new();
        for c in db::matters::channels(conn)? {
            channels.entry(c.matter_code).or_default().push(c.outlet_id);
        }
        for row in db::matters::load_all(conn)? {
            let mut guide: MatterGuide = serde_json::from_str(&row.document)
                .with_context(|| format!("matter {}", row.code))?;
            guide.outlet_ids = channels.remove(&row.code).unwrap_or_default();
            catalogue.put_matter(MatterRecord {
                code: row.code,
                guide,
                updated_at: utc(row.updated_at),
                version: row.version,
            });
        }
        let entries = (db::knowledge::load_all(conn)?.into_iter())
            .map(Entry::try_from)
            .collect::<anyhow::Result<Vec<_>>>()?;
        catalogue.knowledge = KnowledgeBase::build(
            entries,
            (catalogue.matters.values()).map(|m| (m.code.as_str(), &m.guide)),
        );
        for row in db::matters::all_hours(conn)? {
            let hours = serde_json::from_str(&row.schedule)
                .with_context(|| format!("hours of outlet {}", row.outlet_id))?;
            catalogue.hours.insert(row.outlet_id, hours);
        }
        Ok(catalogue)
    }

    /// Puts a committed matter in, unless a newer version is already there.
    pub fn put_matter(&mut self, record: MatterRecord) {
        if self
            .matters
            .get(&record.code)
            .is_some_and(|m| m.version >= record.version)
        {
            return;
        }
        self.channels.insert(
            record.code.clone(),
            record.guide.outlet_ids.iter().cloned().collect(),
        );
        self.knowledge.put_matter(&record.code, &record.guide);
        self.matters.insert(record.code.clone(), record);
        self.derive_competent();
    }

    /// Puts a committed knowledge entry in and indexes it.
    pub fn put_entry(&mut self, entry: Entry) {
        self.knowledge.put_entry(entry);
    }

    /// Whether an outlet offers a matter: it is one of the matter's channels,
    /// or its kind is competent for the matter's ticket kinds.
    pub fn offers(&self, matter: &str, (outlet_id, kind): (&str, OutletKind)) -> bool {
        self.channels
            .get(matter)
            .is_some_and(|ids| ids.contains(outlet_id))
            || self
                .competent
                .get(matter)
                .is_some_and(|kinds| kinds.contains(&kind))
    }

    /// Matters an outlet offers, by code.
    pub fn matters_of<'a>(
        &'a self,
        outlet: (&'a str, OutletKind),
    ) -> impl Iterator<Item = &'a MatterRecord> + 'a {
        self.matters
            .values()
            .filter(move |m| self.offers(&m.code, outlet))
    }

    /// Whether an outlet with known hours is open at `t`; `Ok(None)` without hours.
    pub fn is_open(
        &self,
        outlet_id: &str,
        t: DateTime<Utc>,
    ) -> Result<Option<bool>, YearNotPublished> {
        self.hours
            .get(outlet_id)
            .map(|h| h.is_open_at(t, &self.calendar))
            .transpose()
    }

    /// An outlet's opening as of `t`, if it has hours.
    pub fn opening(&self, outlet_id: &str, t: DateTime<Utc>) -> Option<OpeningNow<'_>> {
        let hours = self.hours.get(outlet_id)?;
        let local = t.with_timezone(&shanghai());
        // Today's hours, looked up once for both `today` and `open_now`:
        // nearest answers ask this of every outlet they show.
        let today = hours.intervals_on(local.date_naive(), &self.calendar).ok();
        Some(OpeningNow {
            open_now: today.map(|intervals| open_during(intervals, local.time())),
            next_open_at: hours.next_open_at(t, &self.calendar),
            today,
        })
    }
}

impl SpecialDayKind {
    /// Parses the stored kind.
    pub fn from_str_kind(text: &str) -> anyhow::Result<Self> {
        match text {
            "holiday" => Ok(SpecialDayKind::Holiday),
            "workday" => Ok(SpecialDayKind::Workday),
            other => anyhow::bail!("unknown calendar day kind {other}"),
        }
    }

    /// The stored kind.
    pub fn as_str(self) -> &'static str {
        match self {
            SpecialDayKind::Holiday => "holiday",
            SpecialDayKind::Workday => "workday",
        }
    }
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}
